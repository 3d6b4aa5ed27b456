/**
 * Ours for the dedup workloads: the pipeline up to and including the dedup
 * stage (scan, listing, embeddings, exact dedup) at a threshold, timed; then,
 * untimed, an independent exact check of the result (bench/verify/verifyDedup.ts):
 * all queries at most `verify-all` kept records, else a spread sample of them.
 *
 *   dedupWorkload.ts <store> <threshold> <sample> [--no-check] [--in-memory]
 *
 * `--no-check` ends after the dedup (so `/usr/bin/time -v` sees only its peak);
 * `--in-memory` holds every f32 vector in memory as before the vector file
 * (for before/after comparisons). Either way it prints a digest of the kept
 * set and each removal's evidence, so two runs can be compared.
 */
import { createHash } from 'node:crypto';
import { CurationSession, DedupResult, dedupBackend, resolveExportOptions } from '../../src/core';
import { curate } from '../../src/core/run/curate';
import { DEDUP_MEMORY } from '../../src/core/run/embeddingFile';
import { report } from '../childRun';
import { verifyDedup } from '../verify/verifyDedup';

async function main(): Promise<void> {
  const [store, thresholdText, sampleText, ...flags] = process.argv.slice(2);
  const threshold = Number(thresholdText);
  if (flags.includes('--in-memory')) DEDUP_MEMORY.vectorsInMemoryMax = Infinity;
  const started = performance.now();
  const session = await CurationSession.open(store);
  const curation = await curate(session, resolveExportOptions({ dedupThreshold: threshold }));
  const seconds = (performance.now() - started) / 1000;
  // Peak RSS of the workload itself (worker threads included), before the (untimed) check loads the vectors for itself.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const digest = createHash('sha256');
  digest.update(Int32Array.from(curation.stages.dedup.kept));
  for (const e of curation.stages.dedup.excluded.list()) digest.update(`${e.id}>${e.duplicateOf}@${e.distance}\n`);
  const common = {
    records: curation.stages.reward_threshold.kept.length,
    kept: curation.stages.dedup.kept.length,
    dedupSeconds: (curation.timings.dedup ?? 0) / 1000,
    keptDigest: digest.digest('hex').slice(0, 16),
    vectors: flags.includes('--in-memory') ? 'memory' : 'file when over 256 MiB',
    peakRssMb,
  };
  if (flags.includes('--no-check')) {
    report(seconds, common);
    process.exit(0);
  }
  const rows = curation.stages.reward_threshold.kept;
  const embeddings = await curation.state.embeddingsFor(rows, curation.listing.rows);
  const backend = dedupBackend(rows.length);
  // The stage's result back in dedup form, for the check.
  const position = new Map<number, number>();
  rows.forEach((row, k) => position.set(row, k));
  const rowOfId = new Map<string, number>();
  for (const row of curation.stages.dedup.kept) rowOfId.set(curation.table.id.at(row), row);
  const result: DedupResult = { kept: new Uint8Array(rows.length).fill(1), duplicateOf: new Int32Array(rows.length).fill(-1), distance: new Float64Array(rows.length).fill(NaN) };
  for (const exclusion of curation.stages.dedup.excluded.list()) {
    const k = position.get(exclusion.row)!;
    result.kept[k] = 0;
    result.duplicateOf[k] = position.get(rowOfId.get(exclusion.duplicateOf!)!) ?? -1;
    result.distance[k] = exclusion.distance!;
  }
  const slots = Int32Array.from(rows, (row) => embeddings.slot[row]);
  const sample = Number(sampleText);
  const check = verifyDedup(embeddings.data, embeddings.dim, slots, threshold, result, sample > 0 ? sample : undefined);
  await session.close();
  report(seconds, { ...common, kernel: backend.kernel, workers: backend.workers, check });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
