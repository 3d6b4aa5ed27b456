import { throwIfAborted } from '../errors';
import { cachedDedupStage, DedupCache } from '../curate/cachedDedupStage';
import { dedupStage } from '../curate/dedupStage';
import { Exclusions } from '../listing/exclusions';
import { RecordSignals } from '../listing/recordSignals';
import { decontaminate, dropContradicted, filterReward, StageResult } from '../curate/stages';
import { NgramStageResult, ngramStage, textDedupStage, TextUnitsSpec } from '../curate/textStages';
import * as path from 'node:path';
import { BenchmarkItem, loadBenchmarkItems } from '../curate/text/benchmarkItems';
import { NgramIndex } from '../curate/text/ngramIndex';
import { groupKeyOf } from '../export/groupBy';
import { ExportCounts } from '../export/manifest';
import { Listing, listRecords } from '../listing/listRecords';
import { RowTable } from '../store/rowTable';
import { nowMicros } from '../time/rfc3339';
import { CurationSession, VersionState } from './curationSession';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { CurationStage, OptionalExclusionStage, PipelineStage } from '../pipeline/pipelineStages';
import { checkHoldoutDimension } from './holdout';
import { DEDUP_MEMORY, vectorBytes, withEmbeddingFile } from './embeddingFile';
import { LabelledVersionState, labelledVersion } from './labelledState';
import type { AppliedLabels } from '../labels/applyLabels';

export type { PipelineStage };

export interface PipelineProgress {
  stage: PipelineStage;
  /** Items (rows, records, groups) done in this stage so far. */
  done?: number;
  total?: number;
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (progress: PipelineProgress) => void;
  /** The run writes (nearly) every record's text: read them beside the scan of the light columns (`VersionState.readTextsBesideScan`). */
  textsBesideScan?: boolean;
}

/** The curated record set of one run and how each stage got there. */
export interface Curation {
  state: VersionState;
  table: RowTable;
  signals: RecordSignals;
  listing: Listing;
  /** Each curation stage's result; the optional stages only when they ran. */
  stages: Record<Exclude<CurationStage, OptionalExclusionStage>, StageResult> &
    Partial<Record<OptionalExclusionStage, StageResult>> & { ngram_decontaminate?: NgramStageResult };
  /** The review decisions applied (`--labels`). */
  labels?: AppliedLabels;
  /** Stage counts; `examples` is filled in per output. */
  counts: ExportCounts;
  /** The curated rows, in the listing's order (the read's, or created_at with `order`). */
  curated: Int32Array;
  /** Milliseconds spent in each stage of this run (0 when served from cache). */
  timings: Partial<Record<PipelineStage, number>>;
}

const MEMO_LIMIT = 24;

/** Runs listing and the curation stages (the record-level stages of `PIPELINE_STAGES`), reusing any stage whose inputs did not change. */
export async function curate(session: CurationSession, config: ResolvedExportOptions, hooks: RunHooks & { countWords?: boolean } = {}): Promise<Curation> {
  const { signal, onProgress } = hooks;
  const timings: Curation['timings'] = {};
  const timed = async <T>(stage: PipelineStage, work: () => T | Promise<T>): Promise<T> => {
    throwIfAborted(signal);
    onProgress?.({ stage });
    const started = performance.now();
    const result = await work();
    timings[stage] = (timings[stage] ?? 0) + performance.now() - started;
    return result;
  };
  const plain = await session.version(config.version);
  const scanOptions = { signal, onProgress: (p: { done: number; total?: number }) => onProgress?.({ stage: 'scan', done: p.done, total: p.total }) };
  if (hooks.textsBesideScan && !plain.store.readsWal) plain.readTextsBesideScan(await plain.store.countRows(), scanOptions);
  // The labels are read while the store's scan runs (lancedb reads on its own threads).
  const scanning = config.labels ? plain.rowTable(scanOptions) : undefined;
  scanning?.catch(() => {});
  const state = config.labels
    ? await labelledVersion(plain, config.labels, { storageOptions: session.storageOptions, cwd: session.inputBase, signal })
    : plain;
  const table = await timed('scan', () => {
    const loading = state.rowTable(scanOptions);
    // A run reading texts on demand counts words in a pass over them beside the scan (an LSM read keeps its texts instead).
    if (hooks.countWords && !state.store.readsWal) state.wordCounts().catch(() => {});
    return loading;
  });
  const signals = await state.signals();

  const listingKey = JSON.stringify([
    'listing',
    !!config.lifecycle.includeExpired,
    !!config.lifecycle.includeRetired,
    config.lifecycle.referenceTime ?? null,
    config.filterValue === undefined ? null : JSON.stringify(config.filterValue),
    config.strict,
    config.order,
  ]);
  const listing = await timed('listing', () => {
    const cached = state.memo.get(listingKey) as Listing | undefined;
    if (cached && (config.lifecycle.referenceTime !== undefined || !expiryChanged(table, cached.referenceTime, nowMicros()))) {
      return cached;
    }
    const listed = remember(state, listingKey, listRecords(table, signals, { ...config.lifecycle, filters: config.filters, strict: config.strict, order: config.order, signal }));
    // A recounting session checks this listing for staleness on each recount: the first recount need not find its expiries.
    if (state.cachePayloads && config.lifecycle.referenceTime === undefined) expiriesAroundOf(table, listed.referenceTime);
    return listed;
  });

  // A one-shot run is done with the ids' hashes (8 B a record); a recounting session keeps them for later listings.
  if (!state.cachePayloads) table.id.releaseHashes();
  // A listing recomputed for a later "now" gets a new key, so later stages never reuse stale results.
  const listedKey = `${listingKey}@${listing.referenceTime}`;
  const lifecycle = await timed('lifecycle', () =>
    memo(state, `${listedKey}|lifecycle`, () => dropContradicted(table, listing.rows)),
  );
  // People's discards (`--labels`): the labelled state is per labels version, so its memo keys need not name it.
  const review = state instanceof LabelledVersionState ? await timed('review', () => memoAsync(state, `${listedKey}|review`, () => state.review(lifecycle.kept))) : undefined;
  const afterReview = review?.kept ?? lifecycle.kept;
  const rewardKey = `${listedKey}|reward:${config.minReward ?? ''}`;
  const reward = await timed('reward_threshold', () =>
    memo(state, rewardKey, () => filterReward(table, signals, afterReview, config.minReward)),
  );

  // Text stages read the text payloads of the records still present (group mode: whole groups of them).
  const textUnits = async (rows: Int32Array): Promise<TextUnitsSpec> => ({
    table,
    texts: await state.textsFor(rows, listing.rows, { signal }),
    groupOf: config.dedupUnit === 'group' ? groupKeyOf(config.groupBy, table) : undefined,
  });
  const unitKey = config.dedupUnit === 'group' ? `group:${JSON.stringify(config.groupBy)}` : 'record';
  const keepKey = JSON.stringify(config.keep);
  const text = config.textDedup;
  const textExactKey = `${rewardKey}|text_exact:${text ? `${unitKey}:${keepKey}` : ''}`;
  const textExact = text
    ? await timed('text_exact', async () =>
        memoAsync(state, textExactKey, async () => textDedupStage(await textUnits(reward.kept), reward.kept, { mode: 'exact', keep: config.keep, signal })),
      )
    : undefined;
  const afterExact = textExact?.kept ?? reward.kept;
  const textMinHashKey = `${textExactKey}|text_minhash:${text?.mode === 'minhash' ? `${text.shingleSize}:${text.threshold}` : ''}`;
  const textMinHash =
    text?.mode === 'minhash'
      ? await timed('text_minhash', async () =>
          memoAsync(state, textMinHashKey, async () =>
            textDedupStage(await textUnits(afterExact), afterExact, { mode: 'minhash', shingleSize: text.shingleSize, threshold: text.threshold, keep: config.keep, signal }),
          ),
        )
      : undefined;
  const afterText = textMinHash?.kept ?? afterExact;

  const dedupKey = `${textMinHashKey}|dedup:${config.dedupThreshold ?? ''}:${config.keep.length > 0 ? keepKey : ''}`;
  const dedup = await timed('dedup', async () => {
    if (config.dedupThreshold === undefined) return { kept: afterText, excluded: Exclusions.none('dedup') };
    const cached = state.memo.get(dedupKey) as StageResult | undefined;
    if (cached) return cached;
    const threshold = config.dedupThreshold;
    const keep = config.keep.length > 0 ? new Set(config.keep) : undefined;
    const dedupOptions = { signal, keep, onProgress: (done: number, total: number) => onProgress?.({ stage: 'dedup', done, total }) };
    // A one-shot run over more vectors than the dedup holds in memory reads them back from a file.
    if (!state.cachePayloads && !state.hasEmbeddingsFor(afterText) && vectorBytes(afterText.length, state.store.info.embeddingDim) > DEDUP_MEMORY.vectorsInMemoryMax) {
      return remember(state, dedupKey, await withEmbeddingFile(state, afterText, { signal }, (file) => dedupStage(table, file, afterText, threshold, dedupOptions)));
    }
    const embeddings = await state.embeddingsFor(afterText, listing.rows, { signal });
    // A recounting session answers later thresholds and reward filters from a cached neighbour graph.
    const result = state.cachePayloads
      ? await cachedDedupStage(table, embeddings, listing.rows, afterText, threshold, dedupCacheOf(state, listedKey), dedupOptions)
      : await dedupStage(table, embeddings, afterText, threshold, dedupOptions);
    return remember(state, dedupKey, result);
  });

  const decontamKey = `${dedupKey}|decontam:${config.holdout ?? ''}:${config.decontaminateThreshold ?? ''}`;
  const decontam = await timed('decontaminate', async () => {
    if (config.holdout === undefined || config.decontaminateThreshold === undefined) {
      return { kept: dedup.kept, excluded: Exclusions.none('decontaminate') };
    }
    const cached = state.memo.get(decontamKey) as StageResult | undefined;
    if (cached) return cached;
    const holdout = await session.holdout(config.holdout, signal);
    if (holdout.vectors.length === 0) return { kept: dedup.kept, excluded: Exclusions.none('decontaminate') };
    checkHoldoutDimension(holdout, state.store.info.embeddingDim, state.store.uri);
    const embeddings = await state.embeddingsFor(dedup.kept, listing.rows, { signal });
    return remember(state, decontamKey, decontaminate(table, embeddings, dedup.kept, holdout, config.decontaminateThreshold, signal));
  });

  const bench = config.benchmark;
  const ngramKey = `${decontamKey}|ngram:${bench ? JSON.stringify([bench.files, bench.field, bench.ngram, unitKey]) : ''}`;
  const ngram = bench
    ? await timed('ngram_decontaminate', async () =>
        memoAsync(state, ngramKey, async () => {
          const indexKey = `ngram-index:${JSON.stringify([bench.files, bench.field, bench.ngram])}`;
          const index = memo(state, indexKey, () => NgramIndex.build(benchmarkItems(session, bench.files, bench.field), bench.ngram));
          return ngramStage(await textUnits(decontam.kept), decontam.kept, index, signal);
        }),
      )
    : undefined;

  return {
    state,
    table,
    signals,
    listing,
    labels: state instanceof LabelledVersionState ? state.labels : undefined,
    stages: { lifecycle, review, reward_threshold: reward, text_exact: textExact, text_minhash: textMinHash, dedup, decontaminate: decontam, ngram_decontaminate: ngram },
    counts: {
      input_records: listing.rows.length,
      after_lifecycle: lifecycle.kept.length,
      after_dedup: dedup.kept.length,
      after_decontaminate: decontam.kept.length,
      after_reward_filter: reward.kept.length,
      examples: 0,
      ...(review ? { after_review: review.kept.length } : {}),
      ...(textExact ? { after_text_exact: textExact.kept.length } : {}),
      ...(textMinHash ? { after_text_minhash: textMinHash.kept.length } : {}),
      ...(ngram ? { after_ngram_decontaminate: ngram.kept.length } : {}),
    },
    curated: ngram?.kept ?? decontam.kept,
    timings,
  };
}

/** Benchmark items read relative to the session's input folder, each naming its file as the user gave it. */
function benchmarkItems(session: CurationSession, files: readonly string[], field: string): BenchmarkItem[] {
  return files.flatMap((file) =>
    loadBenchmarkItems([path.resolve(session.inputBase, file)], { field }).map((item) => ({ ...item, file })),
  );
}

/** Per table and reference time, the expiries nearest it: the first after it and the last at or before it. */
const expiriesAround = new WeakMap<RowTable, { then: number; after: number; atOrBefore: number }>();

/**
 * True when some record's expiry falls between two reference times, so a
 * cached listing is stale: some expiry in `(then, now]` (or `(now, then]`).
 * The table's expiries nearest `then` are found once per listing, so each
 * recount asks two comparisons instead of reading every row's expiry.
 */
function expiryChanged(table: RowTable, then: number, now: number): boolean {
  const around = expiriesAroundOf(table, then);
  return now >= then ? around.after <= now : around.atOrBefore > now;
}

/** The table's first expiry after `then` and last at or before it (infinite when there is none), found once per reference time. */
function expiriesAroundOf(table: RowTable, then: number): { after: number; atOrBefore: number } {
  let around = expiriesAround.get(table);
  if (!around || !Object.is(around.then, then)) {
    let after = Infinity;
    let atOrBefore = -Infinity;
    for (let row = 0; row < table.length; row++) {
      const expiresAt = table.expiresAt.at(row);
      if (expiresAt > then) after = Math.min(after, expiresAt);
      else if (expiresAt <= then) atOrBefore = Math.max(atOrBefore, expiresAt);
    }
    expiriesAround.set(table, (around = { then, after, atOrBefore }));
  }
  return around;
}

const dedupCaches = new WeakMap<VersionState, Map<string, DedupCache>>();

/** The dedup cache of one listing, kept for the state's life (not in the memo's LRU: it is the expensive part). */
function dedupCacheOf(state: VersionState, listedKey: string): DedupCache {
  let caches = dedupCaches.get(state);
  if (!caches) dedupCaches.set(state, (caches = new Map()));
  let cache = caches.get(listedKey);
  if (!cache) {
    if (caches.size >= 4) caches.delete(caches.keys().next().value!);
    caches.set(listedKey, (cache = {}));
  }
  return cache;
}

function memo<T>(state: VersionState, key: string, compute: () => T): T {
  const cached = state.memo.get(key) as T | undefined;
  return cached ?? remember(state, key, compute());
}

async function memoAsync<T>(state: VersionState, key: string, compute: () => Promise<T>): Promise<T> {
  const cached = state.memo.get(key) as T | undefined;
  return cached ?? remember(state, key, await compute());
}

function remember<T>(state: VersionState, key: string, value: T): T {
  state.memo.delete(key);
  state.memo.set(key, value);
  while (state.memo.size > MEMO_LIMIT) state.memo.delete(state.memo.keys().next().value!);
  return value;
}
