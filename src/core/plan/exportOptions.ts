import { usageError } from '../errors';
import { SerdeValue } from '../json/serdeValue';
import { LifecycleOptions } from '../listing/lifecycle';
import { parseRecordFilters, RecordFilters } from '../listing/recordFilters';
import { EXPORT_TASKS, ExportTask, LISTING_ORDERS, ListingOrder, PREFERENCE_FORMS, PreferenceForm } from '../export/exportConfig';
import { GroupBy, parseGroupBy } from '../export/groupBy';
import { parseRfc3339Micros } from '../time/rfc3339';

/**
 * Everything a user can set for one export, as the CLI flags, the extension's
 * command argument and the preview form all spell it.
 */
export interface ExportOptions {
  /** `sft` (default), `preference` or `rollout`. */
  task?: ExportTask;
  /** Preference shape: `paired` (default), `unpaired` or `ranked`. */
  form?: PreferenceForm;
  /** `none|session_id|run_id|tenant|source|bot_id|external_id_prefix:<delim>` (default `session_id`). */
  groupBy?: string;
  /** RecordFilters as JSON text. */
  filter?: string;
  includeExpired?: boolean;
  includeRetired?: boolean;
  /** "Now" for expiry, RFC 3339 (default: the current time). */
  referenceTime?: string;
  /** Drop records whose numeric `metadata.reward` is below this. */
  minReward?: number;
  /** Collapse records within this cosine distance of an earlier kept record. */
  dedupThreshold?: number;
  /** Holdout embeddings: a JSONL file (arrays, or objects with `embedding`) or a store. */
  holdout?: string;
  /** Drop records within this cosine distance of a holdout vector. */
  decontaminateThreshold?: number;
  /** Export this dataset version (default: latest). */
  version?: number;
  /** Fraction of groups for the eval side; enables a train/eval split. */
  splitEval?: number;
  /** Grouping the split is disjoint on (default `session_id`). */
  splitBy?: string;
  /** Split seed, an unsigned 64-bit integer (default 0). */
  splitSeed?: string | number | bigint;
  /** Also write `<out>.stats.json`. */
  stats?: boolean;
  /** Fail on unreadable metadata instead of skipping the record. */
  strict?: boolean;
  /**
   * Record order the pipeline (dedup keeps the first of a cluster) and the
   * outputs follow: `created_at` (default: by created_at, then id as UTF-8
   * bytes, the same on every read) or `scan` (storage order, export.rs's; not
   * stable on a store with write-ahead-log generations).
   */
  order?: ListingOrder;
}

export interface SplitConfig {
  evalFraction: number;
  by: GroupBy;
  seed: bigint;
}

/** Validated options. */
export interface ExportConfig {
  task: ExportTask;
  form: PreferenceForm;
  groupBy: GroupBy;
  filters?: RecordFilters;
  /** The filter exactly as parsed, for the manifest. */
  filterValue?: SerdeValue;
  lifecycle: LifecycleOptions;
  minReward?: number;
  dedupThreshold?: number;
  holdout?: string;
  decontaminateThreshold?: number;
  version?: number;
  split?: SplitConfig;
  stats: boolean;
  strict: boolean;
  order: ListingOrder;
}

const U64_MAX = 2n ** 64n - 1n;

/** Validates options; every problem is a usage error naming the option. */
export function resolveExportOptions(options: ExportOptions): ExportConfig {
  const task = options.task ?? 'sft';
  if (!EXPORT_TASKS.includes(task)) throw usageError(`--task: unknown task '${task}' (use ${EXPORT_TASKS.join(', ')})`, { field: 'task' });
  const form = options.form ?? 'paired';
  if (!PREFERENCE_FORMS.includes(form)) throw usageError(`--form: unknown form '${form}' (use ${PREFERENCE_FORMS.join(', ')})`, { field: 'form' });
  const order = options.order ?? 'created_at';
  if (!LISTING_ORDERS.includes(order)) throw usageError(`--order: unknown order '${order}' (use ${LISTING_ORDERS.join(', ')})`, { field: 'order' });
  const config: ExportConfig = {
    task,
    form,
    order,
    groupBy: parseGroupBy(options.groupBy ?? 'session_id'),
    lifecycle: { includeExpired: !!options.includeExpired, includeRetired: !!options.includeRetired },
    stats: !!options.stats,
    strict: !!options.strict,
  };
  if (options.filter !== undefined && options.filter.trim() !== '') {
    const { filters, value } = parseRecordFilters(options.filter);
    config.filters = filters;
    config.filterValue = value;
  }
  if (options.referenceTime !== undefined) {
    const micros = parseRfc3339Micros(options.referenceTime);
    if (micros === undefined) {
      throw usageError(`--reference-time: '${options.referenceTime}' is not an RFC 3339 timestamp (e.g. 2024-03-01T00:00:00Z)`, {
        field: 'reference-time',
      });
    }
    config.lifecycle.referenceTime = micros;
  }
  if (options.minReward !== undefined) config.minReward = finite(options.minReward, 'min-reward');
  if (options.dedupThreshold !== undefined) config.dedupThreshold = distance(options.dedupThreshold, 'dedup-threshold');
  if (options.decontaminateThreshold !== undefined) {
    config.decontaminateThreshold = distance(options.decontaminateThreshold, 'decontaminate-threshold');
  }
  if (options.holdout !== undefined && options.holdout !== '') config.holdout = options.holdout;
  if (config.holdout !== undefined && config.decontaminateThreshold === undefined) {
    throw usageError('--holdout needs --decontaminate-threshold (the cosine distance that counts as a match)', {
      field: 'decontaminate-threshold',
    });
  }
  if (config.decontaminateThreshold !== undefined && config.holdout === undefined) {
    throw usageError('--decontaminate-threshold needs --holdout (the vectors to decontaminate against)', { field: 'holdout' });
  }
  if (options.version !== undefined) {
    if (!Number.isInteger(options.version) || options.version < 1) {
      throw usageError(`--at-version: expected a positive integer, got ${options.version}`, { field: 'at-version' });
    }
    config.version = options.version;
  }
  if (options.splitEval !== undefined) {
    const fraction = finite(options.splitEval, 'split-eval');
    if (fraction < 0 || fraction > 1) {
      throw usageError(`--split-eval: the eval fraction must be between 0 and 1, got ${options.splitEval}`, { field: 'split-eval' });
    }
    config.split = { evalFraction: fraction, by: parseGroupBy(options.splitBy ?? 'session_id', 'split-by'), seed: parseSeed(options.splitSeed) };
  } else if (options.splitBy !== undefined || options.splitSeed !== undefined) {
    throw usageError('--split-by and --split-seed need --split-eval <fraction>', { field: 'split-eval' });
  }
  return config;
}

function finite(value: number, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw usageError(`--${option}: expected a number, got ${value}`, { field: option });
  return value;
}

function distance(value: number, option: string): number {
  const number = finite(value, option);
  if (number < 0 || number > 2) {
    throw usageError(`--${option}: a cosine distance is between 0 and 2, got ${value}`, { field: option });
  }
  return number;
}

function parseSeed(seed: string | number | bigint | undefined): bigint {
  if (seed === undefined) return 0n;
  const text = String(seed).trim();
  if (!/^\d+$/.test(text) || BigInt(text) > U64_MAX) {
    throw usageError(`--split-seed: expected an integer from 0 to ${U64_MAX}, got ${seed}`, { field: 'split-seed' });
  }
  return BigInt(text);
}
