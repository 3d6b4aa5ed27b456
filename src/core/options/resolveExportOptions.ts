import { SerdeValue } from '../json/serdeValue';
import { LifecycleOptions } from '../listing/lifecycle';
import { parseRecordFilters, RecordFilters } from '../listing/recordFilters';
import { ExportTask, GroupBy, parseGroupBy, PreferenceForm, RankedPairsMode } from './exportVocabulary';
import { ListingOrder } from '../listing/listingOrder';
import { parseRfc3339Micros } from '../time/rfc3339';
import { ExportOptions, parseExportOptions } from './exportOptions';
import { checkNeeds, optionApplies } from './optionNeeds';
import { defaultOf, OPTION_SPECS, OutputFormat } from './optionSpecs';

export interface SplitConfig {
  evalFraction: number;
  by: GroupBy;
  seed: bigint;
}

export type DedupUnit = 'record' | 'group';

export interface TextDedupConfig {
  mode: 'exact' | 'minhash';
  /** Words per shingle (minhash). */
  shingleSize: number;
  /** Exact Jaccard at or above which a unit is a near duplicate (minhash). */
  threshold: number;
}

export interface BenchmarkConfig {
  files: string[];
  field: string;
  ngram: number;
}

export interface LeakageConfig {
  mode: 'report' | 'move';
  /** Embedding cosine distance (f32) at or below which a train/eval pair leaks. */
  distance: number;
  /** The text measure, on when text dedup is: exact shingle Jaccard at or above `threshold` leaks. */
  text?: { threshold: number; shingleSize: number };
}

/** The leakage distance when none is given and no dedup threshold is set. */
export const DEFAULT_LEAKAGE_DISTANCE = 0.05;

/** Options after the door: every default explicit, text parsed, thresholds fixed to f32. */
export interface ResolvedExportOptions {
  task: ExportTask;
  form: PreferenceForm;
  /** Preference candidates compete per group (export.rs) or per turn. */
  pairScope: 'group' | 'turn';
  groupBy: GroupBy;
  order: ListingOrder;
  filters?: RecordFilters;
  /** The filter exactly as parsed, for the manifest. */
  filterValue?: SerdeValue;
  lifecycle: LifecycleOptions;
  minReward?: number;
  /** f32, as export.rs compares distances. */
  dedupThreshold?: number;
  holdout?: string;
  /** The review decisions to apply (`--labels`), at `version` (latest when absent). */
  labels?: { uri: string; version?: number };
  /** Each human-edited assistant response also yields an edited-vs-original pair (`--edit-pairs`, paired form). */
  editPairs: boolean;
  /** f32, as export.rs compares distances. */
  decontaminateThreshold?: number;
  version?: number;
  split?: SplitConfig;
  /** Text dedup (`--text-dedup`), absent when off. */
  textDedup?: TextDedupConfig;
  /** n-gram decontamination (`--benchmark`), absent when off. */
  benchmark?: BenchmarkConfig;
  /** What the text stages compare and drop. */
  dedupUnit: DedupUnit;
  /** Ids no dedup stage removes (`--keep`), in the order given. */
  keep: string[];
  /** Train/eval leakage check (`--leakage`), absent when off; only with a split. */
  leakage?: LeakageConfig;
  stats: boolean;
  strict: boolean;
  /** `native` writes export.rs's lines; `trl`/`openai` trainer lines with a provenance sidecar. */
  format: OutputFormat;
  /** How ranked lists become pairs (trainer formats). */
  rankedPairs: RankedPairsMode;
  /** TRL ranked pairs carry `margin`. */
  margin: boolean;
  /** A tools file written on every trainer line. */
  tools?: string;
  /** `o200k_base`, `cl100k_base` or a tokenizer.json path: per-example token counts. */
  tokenizer?: string;
  /** A chat template (tokenizer_config.json or template file) examples are rendered through before counting. */
  chatTemplate?: string;
  /** Examples over this many tokens are dropped (format stage). */
  maxTokens?: number;
}

/** The defaults the door fills in, read from the table (a test checks each is set). */
const defaults = {
  task: OPTION_SPECS.task.default!,
  form: OPTION_SPECS.form.default!,
  groupBy: OPTION_SPECS.groupBy.default!,
  order: OPTION_SPECS.order.default!,
  splitBy: OPTION_SPECS.splitBy.default!,
  splitSeed: OPTION_SPECS.splitSeed.default!,
  format: OPTION_SPECS.format.default!,
  rankedPairs: OPTION_SPECS.rankedPairs.default!,
  shingleSize: OPTION_SPECS.shingleSize.default!,
  textDedupThreshold: OPTION_SPECS.textDedupThreshold.default!,
  benchmarkField: OPTION_SPECS.benchmarkField.default!,
  ngram: OPTION_SPECS.ngram.default!,
};

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);

/**
 * The one door of the core: checks options from any surface (each value, then
 * the rules between options, all from the table's `needs`) and resolves them.
 * Every problem is a usage error whose `details.option` names the option to fix.
 */
export function resolveExportOptions(input: ExportOptions | unknown): ResolvedExportOptions {
  const options = parseExportOptions(input);
  const resolved: ResolvedExportOptions = {
    task: options.task ?? defaults.task,
    form: options.form ?? defaults.form,
    pairScope: options.pairScope ?? OPTION_SPECS.pairScope.default!,
    groupBy: parseGroupBy(options.groupBy ?? defaults.groupBy, 'groupBy'),
    order: options.order ?? defaults.order,
    lifecycle: { includeExpired: !!options.includeExpired, includeRetired: !!options.includeRetired },
    // Where no text stage runs the unit is moot: record, so nothing else (the leakage list) reads conversations into it.
    dedupUnit: options.dedupUnit ?? (optionApplies('dedupUnit', options) ? (defaultOf('dedupUnit', options) as DedupUnit) : 'record'),
    keep: [...new Set(options.keep ?? [])],
    stats: !!options.stats,
    strict: !!options.strict,
    format: options.format ?? defaults.format,
    rankedPairs: options.rankedPairs ?? defaults.rankedPairs,
    margin: !!options.margin,
    editPairs: !!options.editPairs,
  };
  checkNeeds(options);
  if (options.filter !== undefined && options.filter.trim() !== '') {
    const { filters, value } = parseRecordFilters(options.filter);
    resolved.filters = filters;
    resolved.filterValue = value;
  }
  if (options.referenceTime !== undefined) resolved.lifecycle.referenceTime = parseRfc3339Micros(options.referenceTime);
  if (options.minReward !== undefined) resolved.minReward = options.minReward;
  if (options.dedupThreshold !== undefined) resolved.dedupThreshold = Math.fround(options.dedupThreshold);
  if (options.decontaminateThreshold !== undefined) resolved.decontaminateThreshold = Math.fround(options.decontaminateThreshold);
  if (options.holdout !== undefined && options.holdout.trim() !== '') resolved.holdout = options.holdout;
  if (options.version !== undefined) resolved.version = options.version;
  const labels = nonEmpty(options.labels);
  if (labels !== undefined) resolved.labels = { uri: labels, ...(options.labelsVersion !== undefined ? { version: options.labelsVersion } : {}) };
  if (options.splitEval !== undefined) {
    resolved.split = {
      evalFraction: options.splitEval,
      by: parseGroupBy(options.splitBy ?? defaults.splitBy, 'splitBy'),
      seed: BigInt(String(options.splitSeed ?? defaults.splitSeed).trim()),
    };
  }
  resolveFormatOptions(options, resolved);
  if (options.textDedup !== undefined) {
    resolved.textDedup = {
      mode: options.textDedup,
      shingleSize: options.shingleSize ?? defaults.shingleSize,
      threshold: options.textDedupThreshold ?? defaults.textDedupThreshold,
    };
  }
  const benchmarks = (options.benchmark ?? []).filter((file) => file.trim() !== '');
  if (benchmarks.length > 0) {
    resolved.benchmark = { files: benchmarks, field: options.benchmarkField ?? defaults.benchmarkField, ngram: options.ngram ?? defaults.ngram };
  }
  if (options.leakage !== undefined) {
    resolved.leakage = {
      mode: options.leakage,
      distance: Math.fround(options.leakageThreshold ?? options.dedupThreshold ?? DEFAULT_LEAKAGE_DISTANCE),
      ...(resolved.textDedup ? { text: { threshold: resolved.textDedup.threshold, shingleSize: resolved.textDedup.shingleSize } } : {}),
    };
  }
  return resolved;
}

/** The trainer-format options (their rules with the shape are the table's `needs`, checked above). */
function resolveFormatOptions(options: ExportOptions, resolved: ResolvedExportOptions): void {
  const tools = nonEmpty(options.tools);
  if (tools !== undefined) resolved.tools = tools;
  const tokenizer = nonEmpty(options.tokenizer);
  if (tokenizer !== undefined) resolved.tokenizer = tokenizer;
  const chatTemplate = nonEmpty(options.chatTemplate);
  if (chatTemplate !== undefined) resolved.chatTemplate = chatTemplate;
  if (options.maxTokens !== undefined) resolved.maxTokens = options.maxTokens;
}
