import { SerdeValue } from '../json/serdeValue';
import { LifecycleOptions } from '../listing/lifecycle';
import { parseRecordFilters, RecordFilters } from '../listing/recordFilters';
import { ExportTask, GroupBy, parseGroupBy, PreferenceForm, RankedPairsMode } from './exportVocabulary';
import { ListingOrder } from '../listing/listingOrder';
import { parseRfc3339Micros } from '../time/rfc3339';
import { ExportOptions, parseExportOptions } from './exportOptions';
import { optionError, unpairedOpenAiRefusal } from './optionError';
import { OPTION_KEYS, OPTION_SPECS, optionSpec, OutputFormat } from './optionSpecs';

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
  dedupUnit: OPTION_SPECS.dedupUnit.default!,
};

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);

/**
 * The one door of the core: checks options from any surface (each value, then
 * the rules between options) and resolves them. Every problem is a usage
 * error whose `details.option` names the option to fix.
 */
export function resolveExportOptions(input: ExportOptions | unknown): ResolvedExportOptions {
  const options = parseExportOptions(input);
  const resolved: ResolvedExportOptions = {
    task: options.task ?? defaults.task,
    form: options.form ?? defaults.form,
    groupBy: parseGroupBy(options.groupBy ?? defaults.groupBy, 'groupBy'),
    order: options.order ?? defaults.order,
    lifecycle: { includeExpired: !!options.includeExpired, includeRetired: !!options.includeRetired },
    dedupUnit: options.dedupUnit ?? defaults.dedupUnit,
    keep: [...new Set(options.keep ?? [])],
    stats: !!options.stats,
    strict: !!options.strict,
    format: options.format ?? defaults.format,
    rankedPairs: options.rankedPairs ?? defaults.rankedPairs,
    margin: !!options.margin,
    editPairs: !!options.editPairs,
  };
  // An option set where it does not apply is a mistake to say, not to ignore.
  for (const key of OPTION_KEYS) {
    const problem = options[key] === undefined ? undefined : optionSpec(key).needs?.(options);
    if (problem) throw optionError(key, problem);
  }
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
  if (resolved.holdout !== undefined && resolved.decontaminateThreshold === undefined) {
    throw optionError('decontaminateThreshold', 'decontamination needs a distance (the cosine distance that counts as a match)');
  }
  if (resolved.decontaminateThreshold !== undefined && resolved.holdout === undefined) {
    throw optionError('holdout', 'a decontamination distance needs a holdout (the vectors to decontaminate against)');
  }
  if (options.version !== undefined) resolved.version = options.version;
  const labels = nonEmpty(options.labels);
  if (labels !== undefined) resolved.labels = { uri: labels, ...(options.labelsVersion !== undefined ? { version: options.labelsVersion } : {}) };
  if (options.splitEval !== undefined) {
    resolved.split = {
      evalFraction: options.splitEval,
      by: parseGroupBy(options.splitBy ?? defaults.splitBy, 'splitBy'),
      seed: BigInt(String(options.splitSeed ?? defaults.splitSeed).trim()),
    };
  } else if (options.splitBy !== undefined || options.splitSeed !== undefined) {
    throw optionError('splitEval', 'a split seed or grouping needs an eval fraction');
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

/** The trainer-format options and the rules between them and the shape. */
function resolveFormatOptions(options: ExportOptions, resolved: ResolvedExportOptions): void {
  if (resolved.format === 'openai' && resolved.task === 'preference' && resolved.form === 'unpaired') {
    throw unpairedOpenAiRefusal();
  }
  if (resolved.margin && resolved.format !== 'trl') {
    throw optionError('margin', 'a margin is a column of TRL reward-model lines: it needs the trl format');
  }
  const tools = nonEmpty(options.tools);
  if (tools !== undefined) {
    if (resolved.format === 'native') throw optionError('tools', 'native lines carry no tool schemas: a tools file needs the trl or openai format');
    resolved.tools = tools;
  }
  const tokenizer = nonEmpty(options.tokenizer);
  if (tokenizer !== undefined) resolved.tokenizer = tokenizer;
  const chatTemplate = nonEmpty(options.chatTemplate);
  if (chatTemplate !== undefined) {
    if (tokenizer === undefined) throw optionError('tokenizer', 'a chat template is rendered to count tokens: it needs a tokenizer');
    resolved.chatTemplate = chatTemplate;
  }
  if (options.maxTokens !== undefined) {
    if (tokenizer === undefined) throw optionError('tokenizer', 'a token limit needs a tokenizer to count with (o200k_base, cl100k_base or a tokenizer.json)');
    resolved.maxTokens = options.maxTokens;
  }
}
