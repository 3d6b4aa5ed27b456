import { f64, OrderedMap } from '../json/rustJson';
import { compareCodePoints } from '../strings/compareCodePoints';
import { ExportTask, PreferenceForm } from './exportTasks';
import { ExportCounts } from './manifest';
import { GroupList } from './groupList';
import { CodedStrings } from '../store/codedStrings';
import { sparseValuesOf } from '../store/numberColumn';
import { RecordSource } from './recordSource';
import { Distribution, DistributionBuilder, TokenStats } from './distribution';
import { CurationStage, EXCLUSION_STAGES, OptionalExclusionStage, PIPELINE_STAGES, stageCountsOf } from '../pipeline/pipelineStages';
import { wantsWordCount } from '../store/wordCounts';

const EMPTY_DISTRIBUTION: Distribution = { count: 0, min: 0, median: 0, p95: 0, max: 0, mean: 0 };

export type TokenSource = 'tokens_used' | 'length_proxy' | 'mixed';

/** The `.stats.json` report of one output, with plain numbers (see {@link statsToJson} for the file form). */
export interface ExportStats {
  task: ExportTask;
  examples: number;
  num_groups: number;
  by_role: Record<string, number>;
  by_source: Record<string, number>;
  by_tenant: Record<string, number>;
  records_per_group: Distribution;
  tokens?: Distribution & { source: TokenSource };
  /**
   * Records each curation stage dropped: export.rs's stages, then the optional
   * stages (not in export.rs), present only when they ran.
   */
  excluded: Record<Exclude<CurationStage, OptionalExclusionStage>, number> & Partial<Record<OptionalExclusionStage, number>>;
  preference_form?: PreferenceForm;
  reward?: Distribution;
  reward_sources?: Record<string, number>;
  // The keys below are not in export.rs; each is present only when it applies.
  /** The trainer format of the lines (absent for native). */
  format?: 'trl' | 'openai';
  /** Examples (or ranked pairs) dropped: by the format stage (trainer format or tokenizer), or tied by a reviewer (labels). */
  excluded_examples?: number;
  /** Tokens per written line, counted with the named tokenizer (export.rs's `tokens` block is per record). */
  example_tokens?: TokenStats;
  /** With a benchmark file: what was decontaminated against, short items ignored counted. */
  ngram?: { n: number; items: number; indexed_items: number; ignored_items: number; ngrams: number };
}

/** Computes the stats report of one output, as export.rs `compute_stats`. */
export function computeStats(
  source: RecordSource,
  groups: GroupList,
  counts: ExportCounts,
  examples: number,
  task: ExportTask,
  form: PreferenceForm,
): ExportStats {
  const { table, signals, texts } = source;
  // Counted by code, then by value: one typed-array increment per row instead of three map lookups.
  const roleCodes = new Int32Array(table.role.distinct);
  const sourceCodes = new Int32Array(table.source.distinct);
  const tenantCodes = new Int32Array(table.tenant.distinct);
  const rewardSourceCodes = new Int32Array(signals.rewardSource.distinct);
  // Summarised as they come: no array of every record's token count and reward (160 MB at 10M records).
  const tokenValues = new DistributionBuilder();
  const rewardValues = new DistributionBuilder();
  const perGroup = new DistributionBuilder();
  let usedTokens = false;
  let usedProxy = false;
  for (let g = 0; g < groups.length; g++) perGroup.add(groups.sizeOf(g));
  // Every group's rows, group after group.
  const rows = groups.rows;
  // A sparse reward column is walked over its set rows after this loop; the output's rows are marked for it.
  const sparse = sparseValuesOf(signals.reward);
  const inOutput = sparse ? new Uint8Array(table.length) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    roleCodes[table.role.codeAt(row)]++;
    sourceCodes[table.source.codeAt(row)]++;
    tenantCodes[table.tenant.codeAt(row)]++;
    const tokens = table.tokensUsed.at(row);
    if (!wantsWordCount(tokens)) {
      tokenValues.add(tokens);
      usedTokens = true;
    } else {
      tokenValues.add(texts.wordCount(row));
      usedProxy = true;
    }
    if (inOutput) inOutput[row] = 1;
    rewardSourceCodes[signals.rewardSource.codeAt(row)]++;
  }
  // The rewards of the output's rows, in one walk over the set rewards (a distribution does not depend on the order of its values).
  if (sparse && inOutput) {
    const { rows: set, values } = sparse;
    for (let k = 0; k < set.length; k++) if (inOutput[set[k]] === 1 && !Number.isNaN(values[k])) rewardValues.add(values[k]);
  } else {
    for (let i = 0; i < rows.length; i++) {
      const value = signals.reward.at(rows[i]);
      if (!Number.isNaN(value)) rewardValues.add(value);
    }
  }
  const byRole = countsByValue(table.role, roleCodes, (value) => value as string);
  const bySource = countsByValue(table.source, sourceCodes, (value) => value ?? '__none__');
  const byTenant = countsByValue(table.tenant, tenantCodes, (value) => value ?? '__none__');
  // Rows without a reward source are not counted.
  const rewardSources = countsByValue(signals.rewardSource, rewardSourceCodes, (value) => value!, (value) => value !== undefined);
  const tokens = tokenValues.build();
  const stats: ExportStats = {
    task,
    examples,
    num_groups: groups.length,
    by_role: sortedRecord(byRole),
    by_source: sortedRecord(bySource),
    by_tenant: sortedRecord(byTenant),
    records_per_group: perGroup.build() ?? EMPTY_DISTRIBUTION,
    tokens: tokens && { ...tokens, source: usedTokens && usedProxy ? 'mixed' : usedTokens ? 'tokens_used' : 'length_proxy' },
    excluded: excludedCounts(counts),
    preference_form: task === 'preference' ? form : undefined,
    reward: rewardValues.build(),
    reward_sources: rewardSources.size > 0 ? sortedRecord(rewardSources) : undefined,
  };
  return stats;
}

/**
 * Records dropped at each curation stage, from the stage counts: the stages
 * that always run first (export.rs's keys, in pipeline order), then the
 * optional ones that ran.
 */
export function excludedCounts(counts: ExportCounts): ExportStats['excluded'] {
  const removed = new Map(stageCountsOf(counts).map((row) => [row.stage, row.removed ?? 0]));
  const curation = EXCLUSION_STAGES.filter((stage): stage is CurationStage => stage !== 'listing' && removed.has(stage));
  const excluded: Partial<Record<CurationStage, number>> = {};
  for (const stage of [...curation.filter((s) => !PIPELINE_STAGES[s].optional), ...curation.filter((s) => PIPELINE_STAGES[s].optional)]) {
    excluded[stage] = removed.get(stage);
  }
  return excluded as ExportStats['excluded'];
}

/** The counts of codes as counts of their values (named by `nameOf`; values naming alike add up). */
function countsByValue<T extends string | null | undefined>(
  column: CodedStrings<T>,
  codes: Int32Array,
  nameOf: (value: T) => string,
  counted: (value: T) => boolean = () => true,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (let code = 0; code < codes.length; code++) {
    if (codes[code] === 0 || !counted(column.valueOfCode(code))) continue;
    const name = nameOf(column.valueOfCode(code));
    counts.set(name, (counts.get(name) ?? 0) + codes[code]);
  }
  return counts;
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...map.keys()].sort(compareCodePoints)) out[key] = map.get(key)!;
  return out;
}

function distributionJson(d: Distribution): object {
  return { count: d.count, min: f64(d.min), median: f64(d.median), p95: f64(d.p95), max: f64(d.max), mean: f64(d.mean) };
}

/** Key order as in a BTreeMap, safe for integer-like keys that JS objects would reorder. */
function mapJson(record: Record<string, number>): OrderedMap {
  return new OrderedMap(Object.keys(record).sort(compareCodePoints).map((key) => [key, record[key]] as const));
}

/** The stats report as the tree `toRustJson` writes to `<out>.stats.json`. */
export function statsToJson(stats: ExportStats): object {
  return {
    task: stats.task,
    examples: stats.examples,
    num_groups: stats.num_groups,
    by_role: mapJson(stats.by_role),
    by_source: mapJson(stats.by_source),
    by_tenant: mapJson(stats.by_tenant),
    records_per_group: distributionJson(stats.records_per_group),
    tokens: stats.tokens && { ...distributionJson(stats.tokens), source: stats.tokens.source },
    excluded: stats.excluded,
    preference_form: stats.preference_form,
    reward: stats.reward && distributionJson(stats.reward),
    reward_sources: stats.reward_sources && mapJson(stats.reward_sources),
    format: stats.format,
    excluded_examples: stats.excluded_examples,
    example_tokens: stats.example_tokens && {
      tokenizer: stats.example_tokens.tokenizer,
      method: stats.example_tokens.method,
      ...(stats.example_tokens.min === undefined ? { count: 0 } : distributionJson(stats.example_tokens as Distribution)),
    },
    ngram: stats.ngram,
  };
}
