import { SerdeValue } from '../json/serdeValue';
import { LifecycleOptions } from '../listing/lifecycle';
import { parseRecordFilters, RecordFilters } from '../listing/recordFilters';
import { ExportTask, ListingOrder, PreferenceForm } from '../export/exportTasks';
import { GroupBy, parseGroupBy } from '../export/groupBy';
import { parseRfc3339Micros } from '../time/rfc3339';
import { ExportOptions, parseExportOptions } from './exportOptions';
import { optionError } from './optionError';
import { OPTION_SPECS } from './optionSpecs';

export interface SplitConfig {
  evalFraction: number;
  by: GroupBy;
  seed: bigint;
}

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
  /** f32, as export.rs compares distances. */
  decontaminateThreshold?: number;
  version?: number;
  split?: SplitConfig;
  stats: boolean;
  strict: boolean;
}

/** The defaults the door fills in, read from the table (a test checks each is set). */
const defaults = {
  task: OPTION_SPECS.task.default!,
  form: OPTION_SPECS.form.default!,
  groupBy: OPTION_SPECS.groupBy.default!,
  order: OPTION_SPECS.order.default!,
  splitBy: OPTION_SPECS.splitBy.default!,
  splitSeed: OPTION_SPECS.splitSeed.default!,
};

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
    stats: !!options.stats,
    strict: !!options.strict,
  };
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
  if (options.splitEval !== undefined) {
    resolved.split = {
      evalFraction: options.splitEval,
      by: parseGroupBy(options.splitBy ?? defaults.splitBy, 'splitBy'),
      seed: BigInt(String(options.splitSeed ?? defaults.splitSeed).trim()),
    };
  } else if (options.splitBy !== undefined || options.splitSeed !== undefined) {
    throw optionError('splitEval', 'a split seed or grouping needs an eval fraction');
  }
  return resolved;
}
