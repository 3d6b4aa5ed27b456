import type { ChartData, Distribution, ExportStats } from '../../src/core';
import { PIPELINE_STAGES, PipelineStage, STAGE_ORDER } from '../../src/core/pipeline/pipelineStages';
import { barChart, histogramChart, summaryChart } from './charts';
import { el, formatCount, formatNumber } from './elements';

/** Headline figures of a stats report. */
export function summaryFigures(stats: ExportStats, extra: { label: string; value: string }[] = []): HTMLElement {
  const records = Object.values(stats.by_role).reduce((a, b) => a + b, 0);
  const excluded = Object.values(stats.excluded).reduce((a, b) => a + b, 0);
  const figures = [
    { label: 'examples', value: formatCount(stats.examples) },
    { label: 'groups', value: formatCount(stats.num_groups) },
    { label: 'records', value: formatCount(records) },
    { label: 'excluded by curation', value: formatCount(excluded) },
    ...(stats.tokens ? [{ label: 'median tokens per record', value: formatNumber(stats.tokens.median), note: TOKEN_SOURCE_NOTES[stats.tokens.source] }] : []),
    ...(stats.reward ? [{ label: 'mean reward', value: formatNumber(stats.reward.mean) }] : []),
    ...extra,
  ];
  return el(
    'dl',
    { class: 'figures' },
    ...figures.map((f: { label: string; value: string; note?: string }) =>
      el('div', { class: 'figure', dataset: { figure: f.label } }, el('dt', null, f.label), el('dd', null, f.value), f.note ? el('dd', { class: 'figure-note muted' }, f.note) : null),
    ),
  );
}

function entries(map: Record<string, number> | undefined): [string[], number[]] {
  const pairs = Object.entries(map ?? {});
  return [pairs.map(([k]) => k), pairs.map(([, v]) => v)];
}

function distributionChart(title: string, d: Distribution, id: string, hint?: string): HTMLElement {
  return summaryChart(title, d, id, hint);
}

/** Under the median: what it counts, short (the charts' hints say it in full). */
const TOKEN_SOURCE_NOTES: Record<string, string> = {
  tokens_used: 'as logged (tokens_used)',
  length_proxy: 'in words: no record logged tokens_used',
  mixed: 'logged tokens_used where present, else words',
};

/** What the token figures are counted from, in words (the stats file says `tokens_used`, `length_proxy` or `mixed`). */
export const TOKEN_SOURCE_HINTS: Record<string, string> = {
  tokens_used: 'Token counts the agent logged (state_metadata.tokens_used) for every record.',
  length_proxy: 'No record logged tokens_used, so these are word counts (whitespace-separated), a proxy for tokens.',
  mixed: 'Some records logged tokens_used; the others are counted in words (a proxy), so the figures mix the two.',
};

/** The stats file's stage keys in pipeline order, by their labels; a key the table does not know keeps its place after them. */
function excludedByStage(excluded: Record<string, number>): [string[], number[]] {
  const known = STAGE_ORDER.filter((stage) => excluded[stage] !== undefined);
  const keys = [...known, ...Object.keys(excluded).filter((key) => !(known as readonly string[]).includes(key))];
  return [keys.map((key) => (key in PIPELINE_STAGES ? PIPELINE_STAGES[key as PipelineStage].label : key.replace(/_/g, ' '))), keys.map((key) => excluded[key])];
}

export interface ChartContext {
  /** Which output the charts describe, said in every title ("train", "eval", or nothing for a single output). */
  side?: string;
  /** The reward threshold to draw on the reward chart. */
  minReward?: number;
}

/**
 * The charts of a stats report: records per group, rewards, token lengths
 * (histograms when the values are at hand, else their summaries), records by
 * role / source / tenant, reward sources, exclusions and split sizes.
 */
export function statsCharts(stats: ExportStats, histograms?: ChartData, split?: { train: number; eval: number }, context: ChartContext = {}): HTMLElement {
  const grid = el('div', { class: 'charts' });
  const of = (title: string) => (context.side ? `${title} (${context.side})` : title);
  grid.append(
    histograms && histograms.recordsPerGroup.counts.length > 0
      ? histogramChart(of('Records per group'), histograms.recordsPerGroup, 'records-per-group')
      : distributionChart(of('Records per group'), stats.records_per_group, 'records-per-group'),
  );
  const threshold = context.minReward !== undefined ? { value: context.minReward, label: `min reward ${context.minReward}` } : undefined;
  if (histograms?.listedReward && histograms.listedReward.counts.length > 0) {
    grid.append(histogramChart('Reward of every listed record (before the reward filter)', histograms.listedReward, 'reward', { marker: threshold, hint: 'The dashed line is the current min reward: records left of it are dropped.' }));
  } else if (histograms && histograms.reward.counts.length > 0) grid.append(histogramChart(of('Reward'), histograms.reward, 'reward', { marker: threshold }));
  else if (stats.reward) grid.append(distributionChart(of('Reward'), stats.reward, 'reward'));
  const tokenTitle = of(`Token length (${(stats.tokens?.source ?? '').replace('_', ' ')})`);
  const tokenHint = TOKEN_SOURCE_HINTS[stats.tokens?.source ?? ''];
  if (histograms && histograms.tokens.counts.length > 0) grid.append(histogramChart(tokenTitle, histograms.tokens, 'tokens', { hint: tokenHint }));
  else if (stats.tokens) grid.append(distributionChart(tokenTitle, stats.tokens, 'tokens', tokenHint));
  const perExample = histograms?.exampleTokens;
  if (perExample && perExample.counts.length > 0) {
    const limit = perExample.maxTokens !== undefined ? `, limit ${formatCount(perExample.maxTokens)}` : '';
    grid.append(
      histogramChart(`Tokens per example (${perExample.tokenizer}${limit})`, perExample, 'example-tokens', {
        marker: perExample.maxTokens !== undefined ? { value: perExample.maxTokens, label: `limit ${formatCount(perExample.maxTokens)}` } : undefined,
        hint: perExample.maxTokens !== undefined ? 'The dashed line is --max-tokens: longer examples are dropped.' : undefined,
      }),
    );
  }
  for (const [title, map, id] of [
    ['Records by role', stats.by_role, 'by-role'],
    ['Records by source', stats.by_source, 'by-source'],
    ['Records by tenant', stats.by_tenant, 'by-tenant'],
  ] as const) {
    const [labels, values] = entries(map);
    grid.append(barChart(of(title), labels, [{ label: 'records', values }], { horizontal: labels.length > 6, id }));
  }
  if (stats.reward_sources && Object.keys(stats.reward_sources).length > 0) {
    const [labels, values] = entries(stats.reward_sources);
    grid.append(barChart(of('Reward sources'), labels, [{ label: 'records', values }], { id: 'reward-sources' }));
  }
  const [stages, excluded] = excludedByStage(stats.excluded);
  grid.append(barChart('Excluded by stage (train and eval together)', stages, [{ label: 'records', values: excluded }], { id: 'excluded' }));
  if (split) grid.append(barChart('Split sizes (examples)', ['train', 'eval'], [{ label: 'examples', values: [split.train, split.eval] }], { id: 'split' }));
  return grid;
}
