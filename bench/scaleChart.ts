/**
 * The scale workload's curves as one SVG image (docs/performance.md shows it):
 * time and peak RSS against records, the export beside the scan of the same
 * store, and the RSS target as a dashed line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCALE_RSS_TARGET_MB, ScalePoint } from './scaleRows';

interface Series {
  label: string;
  colour: string;
  values: number[];
  dashed?: boolean;
}

const PANEL = { width: 420, height: 260, left: 64, right: 16, top: 36, bottom: 44 };

export function writeScaleChart(points: ScalePoint[], file: string): string {
  const records = points.map((p) => p.records / 1e6);
  const time = panel('Time (s)', records, [
    { label: 'export', colour: '#d9480f', values: points.map((p) => p.exportSeconds) },
    { label: 'lancedb full scan', colour: '#1c7ed6', values: points.map((p) => p.scanSeconds) },
  ]);
  const rss = panel('Peak RSS (GB)', records, [
    { label: 'export', colour: '#d9480f', values: points.map((p) => p.exportRssMb / 1024) },
    { label: 'lancedb full scan', colour: '#1c7ed6', values: points.map((p) => p.scanRssMb / 1024) },
    { label: 'target (1 GiB)', colour: '#495057', values: points.map(() => SCALE_RSS_TARGET_MB / 1024), dashed: true },
  ]);
  const width = PANEL.width * 2;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height}" viewBox="0 0 ${width} ${PANEL.height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${PANEL.height}" fill="#ffffff"/>`,
    `<g>${time}</g>`,
    `<g transform="translate(${PANEL.width},0)">${rss}</g>`,
    '</svg>',
  ].join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${svg}\n`);
  return file;
}

function panel(title: string, xs: number[], series: Series[]): string {
  const { width, height, left, right, top, bottom } = PANEL;
  const maxX = Math.max(...xs);
  const step = niceStep(Math.max(...series.flatMap((s) => s.values)) / 4);
  const maxY = step * 4;
  const x = (v: number) => left + (v / maxX) * (width - left - right);
  const y = (v: number) => height - bottom - (v / maxY) * (height - top - bottom);
  const parts: string[] = [`<text x="${left}" y="16" font-weight="bold">${title} against records (millions)</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = step * i;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#dee2e6"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${format(v)}</text>`);
  }
  for (const v of xs) parts.push(`<text x="${x(v)}" y="${height - bottom + 16}" text-anchor="middle">${format(v)}M</text>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#868e96"/>`);
  series.forEach((s, i) => {
    const d = s.values.map((v, j) => `${j === 0 ? 'M' : 'L'}${x(xs[j]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    if (!s.dashed) for (let j = 0; j < xs.length; j++) parts.push(`<circle cx="${x(xs[j]).toFixed(1)}" cy="${y(s.values[j]).toFixed(1)}" r="3" fill="${s.colour}"/>`);
    const lx = left + 8 + i * 120;
    parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${height - 12}" y2="${height - 12}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    parts.push(`<text x="${lx + 20}" y="${height - 8}">${s.label}</text>`);
  });
  return parts.join('\n');
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above v: a grid step people read at a glance. */
function niceStep(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= v)!;
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0);
}
