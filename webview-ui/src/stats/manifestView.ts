import type { ExportManifest } from '../../../src/core';
import { stageCountsOf, stageSpec } from '../../../src/core/pipeline/pipelineStages';
import { barChart } from '../charts';
import { el, formatCount } from '../elements';

/** The manifest beside the stats: what was exported, how, and the stage counts as a funnel. */
export function manifestView(manifest: ExportManifest, fileName: string): HTMLElement {
  const rows: [string, string][] = [
    ['store', manifest.context_uri],
    ['version', String(manifest.version)],
    ['task', manifest.task + (manifest.preference_form ? ` (${manifest.preference_form})` : '')],
    ['group by', manifest.group_by],
  ];
  if (manifest.min_reward !== undefined) rows.push(['min reward', String(manifest.min_reward)]);
  if (manifest.dedup_threshold !== undefined) rows.push(['dedup threshold', String(manifest.dedup_threshold)]);
  if (manifest.decontaminate_threshold !== undefined) rows.push(['decontamination threshold', String(manifest.decontaminate_threshold)]);
  if (manifest.split) {
    rows.push(['split', `${manifest.split.side} side, eval fraction ${manifest.split.eval_fraction}, by ${manifest.split.by}, seed ${manifest.split.seed}`]);
    rows.push(['other side', manifest.split.complement_path]);
  }
  if (manifest.created_at_start) rows.push(['records from', `${manifest.created_at_start} to ${manifest.created_at_end}`]);
  // Every record stage whose count the manifest holds (the optional ones only when they ran), then the examples.
  const stages = stageCountsOf(manifest.counts);
  const funnel = barChart(
    'Curation funnel',
    [...stages.map(({ stage }) => (stage === 'listing' ? 'listed' : stageSpec(stage).label)), 'examples'],
    [{ label: 'records', values: [...stages.map(({ count }) => count), manifest.counts.examples] }],
    { id: 'funnel' },
  );
  return el(
    'section',
    { class: 'manifest', aria: { label: 'manifest' } },
    el('h2', null, 'Manifest ', el('span', { class: 'muted' }, fileName)),
    el('table', { class: 'kv' }, el('tbody', null, ...rows.map(([k, v]) => el('tr', null, el('th', { attrs: { scope: 'row' } }, k), el('td', null, v))))),
    manifest.filters !== undefined ? el('div', null, el('h3', null, 'Filters'), el('pre', { class: 'json' }, JSON.stringify(manifest.filters, null, 2))) : null,
    el('p', { class: 'muted' }, `${formatCount(manifest.source_record_ids.length)} source records`),
    funnel,
  );
}
