/**
 * Text dedup bench: `npx tsx bench/text/textDedupBench.ts --records 100000 [--exact-greedy] [--peer] [--stage minhash|exact|both]`.
 * Seeded corpus of ~150-word records with planted near-duplicates
 * (textCorpus.ts); times the exact and MinHash stages from raw text, checks
 * recall against the planted pairs (those at or above the threshold) and,
 * with --exact-greedy, against the exact greedy result; with --peer, runs the
 * numpy MinHash + LSH peer (peer/minhash_numpy.py) on the same shingle hashes.
 * Prints one JSON object. Peak RSS is the whole process, corpus included.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exactTextDedup } from '../../src/core/curate/text/exactTextDedup';
import { minHashTextDedup } from '../../src/core/curate/text/minHashTextDedup';
import { normaliseText } from '../../src/core/curate/text/normaliseText';
import { jaccard, shingleSet } from '../../src/core/curate/text/shingles';
import { MinHashSketcher } from '../../src/core/curate/text/minHashSketcher';
import { WordSpans } from '../../src/core/curate/text/wordSpans';
import { chooseBanding } from '../../src/core/curate/text/lshBanding';
import { exactGreedyTextDedup } from './exactGreedyTextDedup';
import { textCorpus } from './textCorpus';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const records = Number(value('records', '100000'));
const threshold = Number(value('threshold', '0.8'));
const stage = value('stage', 'both');
const shingleSize = 5;
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (from: number) => (performance.now() - from) / 1000;
/** CPU seconds of this process since `from`: on a shared, loaded machine wall time mostly measures the neighbours. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const rssMb = () => process.resourceUsage().maxRSS / 1024;

const report: Record<string, unknown> = { records, threshold, shingleSize, banding: chooseBanding(threshold), cpus: os.cpus().length, node: process.version, load: os.loadavg()[0] };
let started = performance.now();
const corpus = textCorpus(records, { seed: 7 });
const units = corpus.ids.map((id, i) => ({ id, text: corpus.texts[i] }));
report.generateSeconds = seconds(started);
report.rssAfterCorpusMb = rssMb();
log(`corpus: ${records} records, ${corpus.copies.length} planted copies, ${report.generateSeconds} s`);

if (stage !== 'minhash') {
  started = performance.now();
  const cpu = process.cpuUsage();
  const exact = exactTextDedup(units);
  report.exactSeconds = seconds(started);
  report.exactCpuSeconds = cpuSince(cpu);
  report.exactRemoved = exact.duplicates.length;
  log(`exact: ${report.exactSeconds} s, removed ${exact.duplicates.length}`);
}

if (stage !== 'exact') {
  started = performance.now();
  const cpu = process.cpuUsage();
  const minhash = minHashTextDedup(units, { threshold });
  report.minhashSeconds = seconds(started);
  report.minhashCpuSeconds = cpuSince(cpu);
  report.minhashRemoved = minhash.duplicates.length;
  report.peakRssMb = rssMb();
  log(`minhash: ${report.minhashSeconds} s (cpu ${report.minhashCpuSeconds} s), removed ${minhash.duplicates.length}, peak RSS ${report.peakRssMb} MB`);

  // Planted pairs at or above the threshold whose original is not itself a copy: the greedy must
  // remove each such copy (its original stays kept), so a miss can only be an LSH miss.
  const words = new WordSpans();
  const set = (text: string) => shingleSet(words.scan(normaliseText(text)), shingleSize);
  const removed = new Uint8Array(records);
  for (const d of minhash.duplicates) removed[d.index] = 1;
  const isCopy = new Uint8Array(records);
  for (const c of corpus.copies) isCopy[c] = 1;
  let eligible = 0;
  let found = 0;
  for (let k = 0; k < corpus.copies.length; k++) {
    if (isCopy[corpus.originals[k]]) continue;
    if (jaccard(set(corpus.texts[corpus.copies[k]]), set(corpus.texts[corpus.originals[k]])) < threshold) continue;
    eligible++;
    if (removed[corpus.copies[k]]) found++;
  }
  report.plantedPairsAtThreshold = eligible;
  report.plantedRecall = found / eligible;
  log(`planted recall: ${found}/${eligible} = ${report.plantedRecall}`);

  if (flag('exact-greedy')) {
    started = performance.now();
    const reference = exactGreedyTextDedup(corpus.texts, threshold, shingleSize);
    report.exactGreedySeconds = seconds(started);
    let referenceRemoved = 0;
    let agreed = 0;
    for (let i = 0; i < records; i++) {
      if (reference[i] < 0) continue;
      referenceRemoved++;
      if (removed[i]) agreed++;
    }
    const extra = minhash.duplicates.filter((d) => reference[d.index] < 0).length;
    report.exactGreedyRemoved = referenceRemoved;
    report.recallVsExactGreedy = agreed / referenceRemoved;
    report.precisionVsExactGreedy = (minhash.duplicates.length - extra) / minhash.duplicates.length;
    log(`exact greedy: ${report.exactGreedySeconds} s, removed ${referenceRemoved}; recall ${report.recallVsExactGreedy}, precision ${report.precisionVsExactGreedy}`);
  }

  if (flag('peer')) report.peer = runPeer(corpus.texts, threshold);
}
console.log(JSON.stringify(report, null, 2));

/**
 * Dumps every record's shingle hashes (what our MinHash consumes) and times
 * the numpy peer on them: it skips normalisation and shingling, which our
 * figure includes, so the comparison favours the peer.
 */
function runPeer(texts: readonly string[], t: number): unknown {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'text-peer-'));
  try {
    // Our kernel's shingle hashes (one per shingle, repeats included), exactly what our sketch consumes,
    // written in 16 MB pieces: at 1M records they are 0.6 GB, which growing one array would copy and fault in twice.
    const sketcher = new MinHashSketcher(shingleSize, chooseBanding(t));
    const offsets = new Int32Array(texts.length + 1);
    const piece = new Int32Array(1 << 22);
    let filled = 0;
    const fd = fs.openSync(path.join(dir, 'shingles.i32'), 'w');
    started = performance.now();
    for (let i = 0; i < texts.length; i++) {
      const hashes = sketcher.shingleHashesOfRaw(texts[i]);
      if (filled + hashes.length > piece.length) {
        fs.writeSync(fd, piece.subarray(0, filled));
        filled = 0;
      }
      if (hashes.length > piece.length) fs.writeSync(fd, hashes);
      else {
        piece.set(hashes, filled);
        filled += hashes.length;
      }
      offsets[i + 1] = offsets[i] + hashes.length;
    }
    fs.writeSync(fd, piece.subarray(0, filled));
    fs.closeSync(fd);
    const shingleSeconds = seconds(started);
    fs.writeFileSync(path.join(dir, 'offsets.i32'), offsets);
    const banding = chooseBanding(t);
    const ourCpu = process.cpuUsage();
    const result = spawnSync('python3', [path.join(__dirname, '../peer/minhash_numpy.py'), dir, String(texts.length), String(banding.bands), String(banding.rows)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`numpy peer failed: ${result.stderr}`);
    const parsed = JSON.parse(result.stdout.trim().split('\n').pop()!);
    log(`numpy peer: ${JSON.stringify(parsed)} (our normalise + shingle + writing its input: ${shingleSeconds} s)`);
    // This process's own CPU while the peer ran (background garbage collection would compete with it).
    return { ...parsed, ourShingleAndWriteSeconds: shingleSeconds, thisProcessCpuSecondsDuringPeer: cpuSince(ourCpu) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
