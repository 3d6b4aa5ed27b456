import { EXCLUSION_STAGES, PlanView } from '../../../src/protocol/messages';
import { clickable, el, formatCount } from '../elements';

const STAGE_TITLES: Record<(typeof EXCLUSION_STAGES)[number], string> = {
  listing: 'Hidden by listing (tombstones, expiry, retirement, supersession, filters)',
  lifecycle: 'Lifecycle: contradicted',
  reward_threshold: 'Reward filter',
  dedup: 'Dedup: near-duplicates',
  decontaminate: 'Decontamination: holdout matches',
};

/** Excluded records by stage, each with its reason; clicking one shows the record. */
export function excludedView(plan: PlanView, onRecord: (id: string) => void): HTMLElement {
  const sections = EXCLUSION_STAGES.map((stage) => {
    const list = plan.excluded[stage];
    const items = list.items.map((item) =>
      el(
        'li',
        { class: 'excluded-item', dataset: { id: item.id, rule: item.rule } },
        clickable(el('span', { class: 'link record-link' }, item.id), () => onRecord(item.id), `show record ${item.id}`),
        ' ',
        el('span', { class: 'reason' }, item.reason),
        item.duplicateOf ? el('span', null, ' ', clickable(el('span', { class: 'link' }, `(show ${item.duplicateOf})`), () => onRecord(item.duplicateOf!), `show kept record ${item.duplicateOf}`)) : null,
      ),
    );
    return el(
      'section',
      { class: 'excluded-stage', id: `excluded-${stage}`, dataset: { stage } },
      el('h3', null, STAGE_TITLES[stage], ' ', el('span', { class: 'count-badge' }, formatCount(list.total))),
      list.total === 0 ? el('p', { class: 'muted' }, 'none') : el('ul', { class: 'excluded-list' }, ...items),
      list.total > list.items.length ? el('p', { class: 'muted' }, `… and ${formatCount(list.total - list.items.length)} more (use lance-curator preview --json for all)`) : null,
    );
  });
  return el('div', { class: 'excluded' }, ...sections);
}
