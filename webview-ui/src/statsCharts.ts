import type { ChartData, Distribution, ExportStats } from '../../src/core';
import { barChart, histogramChart } from './charts';
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
    ...(stats.tokens ? [{ label: `median tokens (${stats.tokens.source.replace('_', ' ')})`, value: formatNumber(stats.tokens.median) }] : []),
    ...(stats.reward ? [{ label: 'mean reward', value: formatNumber(stats.reward.mean) }] : []),
    ...extra,
  ];
  return el(
    'dl',
    { class: 'figures' },
    ...figures.map((f) => el('div', { class: 'figure', dataset: { figure: f.label } }, el('dt', null, f.label), el('dd', null, f.value))),
  );
}

function entries(map: Record<string, number> | undefined): [string[], number[]] {
  const pairs = Object.entries(map ?? {});
  return [pairs.map(([k]) => k), pairs.map(([, v]) => v)];
}

function distributionChart(title: string, d: Distribution, id: string): HTMLElement {
  return barChart(title, ['min', 'median', 'p95', 'max', 'mean'], [{ label: title, values: [d.min, d.median, d.p95, d.max, d.mean] }], { id });
}

/**
 * The charts of a stats report: records per group, rewards, token lengths
 * (histograms when the values are at hand, else their summaries), records by
 * role / source / tenant, reward sources, exclusions and split sizes.
 */
export function statsCharts(stats: ExportStats, histograms?: ChartData, split?: { train: number; eval: number }): HTMLElement {
  const grid = el('div', { class: 'charts' });
  grid.append(
    histograms && histograms.recordsPerGroup.counts.length > 0
      ? histogramChart('Records per group', histograms.recordsPerGroup, 'records-per-group')
      : distributionChart('Records per group', stats.records_per_group, 'records-per-group'),
  );
  if (histograms && histograms.reward.counts.length > 0) grid.append(histogramChart('Reward', histograms.reward, 'reward'));
  else if (stats.reward) grid.append(distributionChart('Reward', stats.reward, 'reward'));
  if (histograms && histograms.tokens.counts.length > 0) grid.append(histogramChart(`Token length (${stats.tokens?.source ?? ''})`, histograms.tokens, 'tokens'));
  else if (stats.tokens) grid.append(distributionChart(`Token length (${stats.tokens.source})`, stats.tokens, 'tokens'));
  const perExample = histograms?.exampleTokens;
  if (perExample && perExample.counts.length > 0) {
    const limit = perExample.maxTokens !== undefined ? `, limit ${formatCount(perExample.maxTokens)}` : '';
    grid.append(histogramChart(`Tokens per example (${perExample.tokenizer}${limit})`, perExample, 'example-tokens'));
  }
  for (const [title, map, id] of [
    ['Records by role', stats.by_role, 'by-role'],
    ['Records by source', stats.by_source, 'by-source'],
    ['Records by tenant', stats.by_tenant, 'by-tenant'],
  ] as const) {
    const [labels, values] = entries(map);
    grid.append(barChart(title, labels, [{ label: 'records', values }], { horizontal: labels.length > 6, id }));
  }
  if (stats.reward_sources && Object.keys(stats.reward_sources).length > 0) {
    const [labels, values] = entries(stats.reward_sources);
    grid.append(barChart('Reward sources', labels, [{ label: 'records', values }], { id: 'reward-sources' }));
  }
  const [stages, excluded] = entries(stats.excluded);
  grid.append(barChart('Excluded by stage', stages, [{ label: 'records', values: excluded }], { id: 'excluded' }));
  if (split) grid.append(barChart('Split sizes (examples)', ['train', 'eval'], [{ label: 'examples', values: [split.train, split.eval] }], { id: 'split' }));
  return grid;
}
