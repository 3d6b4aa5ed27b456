import type { ManifestLabels } from '../labels/applyLabels';
import { f32, f64, U64 } from '../json/rustJson';
import { SerdeValue, toRustTree } from '../json/serdeValue';
import type { SplitSide } from '../split/outputSide';
import { EXPORT_SCHEMA_VERSION, ExportTask, ListingOrder, PreferenceForm } from './exportTasks';
import type { IdColumn } from '../store/idColumn';

/** Record counts at each curation stage (field order as export.rs serializes it). */
export interface ExportCounts {
  input_records: number;
  after_lifecycle: number;
  after_dedup: number;
  after_decontaminate: number;
  after_reward_filter: number;
  examples: number;
  /** Extra keys (not in export.rs), present only when the stage ran: records left after review (`--labels`) and after each text stage. */
  after_review?: number;
  after_text_exact?: number;
  after_text_minhash?: number;
  after_ngram_decontaminate?: number;
}

/** Which side of a train/eval split an output is, and how to reproduce the partition. */
export interface SplitManifest {
  side: SplitSide;
  eval_fraction: number;
  by: string;
  seed: bigint;
  complement_path: string;
}

/** The reproducible description written to `<out>.manifest.json`. */
export interface ExportManifest {
  context_uri: string;
  version: number;
  task: ExportTask;
  group_by: string;
  schema_version: string;
  preference_form?: PreferenceForm;
  /** The parsed filter object (numbers kept as written). */
  filters?: SerdeValue;
  dedup_threshold?: number;
  decontaminate_threshold?: number;
  min_reward?: number;
  split?: SplitManifest;
  created_at_start?: string;
  created_at_end?: string;
  /**
   * Every record of the output, in output order. An export's manifest builds
   * this array only when it is read: writing the manifest streams the ids from
   * the rows instead (`writeManifestJson`), so an export never holds them all.
   */
  source_record_ids: string[];
  counts: ExportCounts;
  /**
   * Extra key (not in export.rs), after its fields: the listing order, present
   * only for `created_at`; `scan` is export.rs's order and leaves it out.
   */
  order?: ListingOrder;
  /**
   * Extra key (not in export.rs), after its fields: what the write-ahead log
   * contributed, present only when the store's MemWAL held data this read
   * included, or when a pinned version left generations out.
   */
  wal?: ManifestWal;
  /** Extra keys after export.rs's, each only when set: the trainer format (absent for native) and its options. */
  format?: 'trl' | 'openai';
  ranked_pairs?: string;
  margin?: boolean;
  tools?: string;
  tokenizer?: string;
  chat_template?: string;
  max_tokens?: number;
  /** Extra key, last: the review decisions applied (`--labels`), with the labels version read. */
  labels?: ManifestLabels;
}

/** The manifest's `wal` key. */
export interface ManifestWal {
  /** Whether flushed MemWAL generations were read (false for `--at-version`). */
  included: boolean;
  /** Records whose newest row came from a generation (only when included). */
  records?: number;
  /** Why they were left out (only when not included). */
  note?: string;
}

export function orderedCounts(counts: ExportCounts): ExportCounts {
  return {
    input_records: counts.input_records,
    after_lifecycle: counts.after_lifecycle,
    after_dedup: counts.after_dedup,
    after_decontaminate: counts.after_decontaminate,
    after_reward_filter: counts.after_reward_filter,
    examples: counts.examples,
    after_review: counts.after_review,
    after_text_exact: counts.after_text_exact,
    after_text_minhash: counts.after_text_minhash,
    after_ngram_decontaminate: counts.after_ngram_decontaminate,
  };
}

/** Records that come out of curation: the last stage's count. */
export function curatedCount(counts: ExportCounts): number {
  return counts.after_ngram_decontaminate ?? counts.after_decontaminate;
}

/** An output's record ids in output order, handed out one by one (from the rows, where they already are). */
export interface RecordIds {
  readonly count: number;
  forEach(visit: (id: string) => void): void;
  /** The ids as table rows, when they are in one: a writer encodes them from their bytes. */
  readonly rows?: { ids: IdColumn; rows: ArrayLike<number> };
}

const recordIdSources = new WeakMap<ExportManifest, RecordIds>();

/**
 * `fields` with `source_record_ids` built from `ids` on first read (and kept),
 * for every reader of the manifest; `recordIdsOf` hands the writer `ids` itself.
 */
export function manifestWithIds(fields: Omit<ExportManifest, 'source_record_ids'>, ids: RecordIds): ExportManifest {
  let array: string[] | undefined;
  const manifest = Object.defineProperty(fields, 'source_record_ids', {
    enumerable: true,
    configurable: true,
    get: () => (array ??= idArrayOf(ids)),
  }) as ExportManifest;
  recordIdSources.set(manifest, ids);
  return manifest;
}

/** The manifest's record ids without building their array (when `manifestWithIds` made it). */
export function recordIdsOf(manifest: ExportManifest): RecordIds {
  const source = recordIdSources.get(manifest);
  if (source) return source;
  const ids = manifest.source_record_ids;
  return { count: ids.length, forEach: (visit) => ids.forEach((id) => visit(id)) };
}

function idArrayOf(ids: RecordIds): string[] {
  const array = new Array<string>(ids.count);
  let i = 0;
  ids.forEach((id) => (array[i++] = id));
  return array;
}

/** The manifest as the tree `toRustJson` writes (f32 thresholds, f64 reward and fraction, u64 seed). */
export function manifestToJson(manifest: ExportManifest): object {
  return manifestTree(manifest, manifest.source_record_ids);
}

/** `manifestToJson` with `ids` in place of the manifest's own (the writer passes none, and streams them). */
export function manifestTree(manifest: ExportManifest, ids: readonly string[]): object {
  return {
    context_uri: manifest.context_uri,
    version: manifest.version,
    task: manifest.task,
    group_by: manifest.group_by,
    schema_version: manifest.schema_version ?? EXPORT_SCHEMA_VERSION,
    preference_form: manifest.preference_form,
    filters: manifest.filters === undefined ? undefined : toRustTree(manifest.filters),
    dedup_threshold: manifest.dedup_threshold === undefined ? undefined : f32(manifest.dedup_threshold),
    decontaminate_threshold: manifest.decontaminate_threshold === undefined ? undefined : f32(manifest.decontaminate_threshold),
    min_reward: manifest.min_reward === undefined ? undefined : f64(manifest.min_reward),
    split: manifest.split && {
      side: manifest.split.side,
      eval_fraction: f64(manifest.split.eval_fraction),
      by: manifest.split.by,
      seed: new U64(manifest.split.seed),
      complement_path: manifest.split.complement_path,
    },
    created_at_start: manifest.created_at_start,
    created_at_end: manifest.created_at_end,
    source_record_ids: ids,
    counts: orderedCounts(manifest.counts),
    order: manifest.order,
    wal: manifest.wal && { included: manifest.wal.included, records: manifest.wal.records, note: manifest.wal.note },
    format: manifest.format,
    ranked_pairs: manifest.ranked_pairs,
    margin: manifest.margin,
    tools: manifest.tools,
    tokenizer: manifest.tokenizer,
    chat_template: manifest.chat_template,
    max_tokens: manifest.max_tokens,
    labels: manifest.labels && {
      uri: manifest.labels.uri,
      version: manifest.labels.version,
      events_applied: manifest.labels.events_applied,
      events_skipped: manifest.labels.events_skipped,
    },
  };
}

