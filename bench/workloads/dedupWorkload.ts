/**
 * Ours for the dedup workloads: the pipeline up to and including the dedup
 * stage (scan, listing, embeddings, exact dedup) at a threshold, timed; then,
 * untimed, an independent exact check of the result (bench/verify/verifyDedup.ts):
 * all queries at most `verify-all` kept records, else a spread sample of them.
 */
import { CurationSession, DedupResult, dedupBackend, resolveExportOptions } from '../../src/core';
import { curate } from '../../src/core/run/curate';
import { report } from '../childRun';
import { verifyDedup } from '../verify/verifyDedup';

async function main(): Promise<void> {
  const [store, thresholdText, sampleText] = process.argv.slice(2);
  const threshold = Number(thresholdText);
  const started = performance.now();
  const session = await CurationSession.open(store);
  const curation = await curate(session, resolveExportOptions({ dedupThreshold: threshold }));
  const seconds = (performance.now() - started) / 1000;
  // Peak RSS of the workload itself, before the (untimed) check allocates its own copy of the codes.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const rows = curation.stages.reward_threshold.kept;
  const embeddings = await curation.state.embeddingsFor(rows, curation.listing.rows);
  const backend = dedupBackend(rows.length);
  // The stage's result back in dedup form, for the check.
  const position = new Map<number, number>();
  rows.forEach((row, k) => position.set(row, k));
  const rowOfId = new Map<string, number>();
  for (const row of curation.stages.dedup.kept) rowOfId.set(curation.table.id[row], row);
  const result: DedupResult = { kept: new Uint8Array(rows.length).fill(1), duplicateOf: new Int32Array(rows.length).fill(-1), distance: new Float64Array(rows.length).fill(NaN) };
  for (const exclusion of curation.stages.dedup.excluded) {
    const k = position.get(exclusion.row)!;
    result.kept[k] = 0;
    result.duplicateOf[k] = position.get(rowOfId.get(exclusion.duplicateOf!)!) ?? -1;
    result.distance[k] = exclusion.distance!;
  }
  const slots = Int32Array.from(rows, (row) => embeddings.slot[row]);
  const sample = Number(sampleText);
  const check = verifyDedup(embeddings.data, embeddings.dim, slots, threshold, result, sample > 0 ? sample : undefined);
  await session.close();
  report(seconds, {
    records: rows.length,
    kept: curation.stages.dedup.kept.length,
    dedupSeconds: (curation.timings.dedup ?? 0) / 1000,
    kernel: backend.kernel,
    workers: backend.workers,
    check,
    peakRssMb,
  });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
