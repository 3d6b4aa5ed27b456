/**
 * Where the MinHash text dedup's time goes: `npx tsx bench/text/profileStages.ts --records N [--rounds R] [--portable]`.
 * Over the bench corpus (textCorpus.ts, seed 7), CPU seconds of cumulative
 * prefixes of the per-text work, then of grouping the band keys and of the
 * whole dedup; each the minimum of R rounds (default 3), since the machine is
 * shared. Differences of consecutive rows are the stages:
 *
 *  - write: UTF-8 into the kernel's memory (`Buffer.write`, ASCII detected);
 *  - scan: + word scan, word hashes, shingle hashes (the kernel's words + shingles);
 *  - sketch: + one-permutation sketch and band keys (all of pass 1);
 *  - group: BandGroups over pass 1's keys (pass 2);
 *  - dedup: the whole minHashTextDedup, so dedup − sketch − group is pass 3
 *    (greedy over units that share a key, and exact verification).
 *
 * Prints one JSON object.
 */
import { BandGroups } from '../../src/core/curate/text/bandGroups';
import { chooseBanding } from '../../src/core/curate/text/lshBanding';
import { minHashKernel } from '../../src/core/curate/text/minHashKernel';
import { MinHashSketcher } from '../../src/core/curate/text/minHashSketcher';
import { minHashTextDedup } from '../../src/core/curate/text/minHashTextDedup';
import { textCorpus } from './textCorpus';

const args = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const records = Number(value('records', '100000'));
const rounds = Number(value('rounds', '3'));
const portable = args.includes('--portable');
const corpus = textCorpus(records, { seed: 7 });
const texts = corpus.texts;
const units = corpus.ids.map((id, i) => ({ id, text: texts[i] }));
const banding = chooseBanding(0.8);
const n = texts.length;

const cpu = (work: () => void) => {
  const from = process.cpuUsage();
  work();
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const best: Record<string, number> = {};
const note = (name: string, seconds: number) => (best[name] = Math.min(best[name] ?? Infinity, seconds));
let sink = 0;
for (let round = 0; round < rounds; round++) {
  const kernel = minHashKernel(1 << 20, { portable });
  note('write', cpu(() => {
    for (const text of texts) sink += kernel.buffer.write(text, 0, 1 << 19, 'utf8') === text.length ? 1 : 0;
  }));
  const sketcher = new MinHashSketcher(5, banding, { portable });
  note('scan', cpu(() => {
    for (const text of texts) sink += sketcher.shingleHashesOfRaw(text).length;
  }));
  const keys = new Int32Array(n * banding.bands);
  const present = new Uint8Array(n);
  note('sketch', cpu(() => {
    for (let i = 0; i < n; i++) present[i] = sketcher.bandKeysOfRaw(texts[i], keys, i * banding.bands) ? 1 : 0;
  }));
  note('group', cpu(() => {
    sink += new BandGroups(keys, n, banding.bands, present, new Uint8Array(n)).shares(n - 1) ? 1 : 0;
  }));
  note('dedup', cpu(() => {
    sink += minHashTextDedup(units, { portable }).duplicates.length;
  }));
}
console.log(JSON.stringify({ records, kernel: portable ? 'portable' : 'wasm-simd', meanChars: texts.reduce((s, t) => s + t.length, 0) / n, cpuSeconds: best, sink: sink & 1 }));
