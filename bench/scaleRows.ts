/**
 * `--only scale`: an export (sft, group-by session_id, --order scan) of each
 * store size beside a full lancedb scan of the same store, in the same run,
 * and the slope of peak RSS against records (least squares through every size).
 */
import { count, Row } from './benchRow';
import { ChildReport, runWorkload } from './childRun';

export interface ScalePoint {
  records: number;
  exportSeconds: number;
  exportRssMb: number;
  scanSeconds: number;
  scanRssMb: number;
}

/** Peak RSS bound the issue sets for an export with the default memory budget (1 GiB). */
export const SCALE_RSS_TARGET_MB = 1024;

export async function scaleRows(sizes: number[], storeOf: (records: number) => Promise<string>, log: (line: string) => void): Promise<{ rows: Row[]; points: ScalePoint[]; slopeMbPerMillion: number }> {
  const rows: Row[] = [];
  const points: ScalePoint[] = [];
  for (const records of sizes) {
    const store = await storeOf(records);
    log(`scale: ${count(records)} records, scan then export`);
    const scan: ChildReport = await runWorkload('scanFloor', [store], log);
    const ours: ChildReport = await runWorkload('exportWorkload', [store, 'native', 'order=scan'], log);
    points.push({ records, exportSeconds: ours.seconds, exportRssMb: ours.peakRssMb, scanSeconds: scan.seconds, scanRssMb: scan.peakRssMb });
    const ratio = ours.seconds / scan.seconds;
    rows.push({
      work: `scale: export sft, group-by session_id, --order scan, ${count(records)}`,
      ours: ours.seconds,
      peer: scan.seconds,
      peerNote: 'lancedb full scan of the same store, every column',
      ratio,
      target: `≤ 1.3×, RSS ≤ ${SCALE_RSS_TARGET_MB / 1024} GiB`,
      peakRssMb: ours.peakRssMb,
      pass: ratio <= 1.3 && ours.peakRssMb <= SCALE_RSS_TARGET_MB,
      detail: { ours, scan },
    });
  }
  const slopeMbPerMillion = slope(points.map((p) => [p.records / 1e6, p.exportRssMb]));
  log(`scale: peak RSS grows ${slopeMbPerMillion.toFixed(0)} MB per million records (least squares over ${points.length} sizes)`);
  return { rows, points, slopeMbPerMillion };
}

/** Least-squares slope of y on x. */
export function slope(xy: [number, number][]): number {
  if (xy.length < 2) return Number.NaN;
  const n = xy.length;
  const mx = xy.reduce((s, [x]) => s + x, 0) / n;
  const my = xy.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = xy.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = xy.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxy / sxx;
}
