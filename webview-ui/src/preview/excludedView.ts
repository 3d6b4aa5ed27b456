import { EXCLUSION_STAGES, ExclusionList, PlanView } from '../../../src/protocol/messages';
import { clickable, el, formatCount } from '../elements';

const STAGE_TITLES: Record<(typeof EXCLUSION_STAGES)[number], string> = {
  listing: 'Hidden by listing (tombstones, expiry, retirement, supersession, your filter)',
  lifecycle: 'Lifecycle: contradicted',
  reward_threshold: 'Reward filter',
  dedup: 'Dedup: near-duplicates',
  decontaminate: 'Decontamination: holdout matches',
};

type Item = ExclusionList['items'][number];

export interface ExcludedViewOptions {
  /** Shows a record's detail in `slot`, in place beside its row. */
  onRecord(id: string, slot: HTMLElement): void;
  /** Stages the user collapsed (remembered across recounts). */
  collapsed: ReadonlySet<string>;
  onToggle(stage: string, open: boolean): void;
}

/**
 * Excluded records grouped by stage (collapsible, with counts), each with its
 * reason. Near-duplicates are grouped under the kept record they duplicate, so
 * a cluster reads as one decision; a record's detail opens in place under its
 * row and closes back to it.
 */
export function excludedView(plan: PlanView, options: ExcludedViewOptions): HTMLElement {
  const sections = EXCLUSION_STAGES.map((stage) => {
    const list = plan.excluded[stage];
    const body = list.total === 0 ? el('p', { class: 'muted' }, 'none') : stage === 'dedup' ? clusters(list.items, options) : el('ul', { class: 'excluded-list' }, ...list.items.map((item) => row(item, options)));
    const details = el(
      'details',
      { class: 'excluded-stage', id: `excluded-${stage}`, dataset: { stage } },
      el('summary', null, el('span', { class: 'stage-title' }, STAGE_TITLES[stage]), ' ', el('span', { class: 'count-badge' }, formatCount(list.total))),
      body,
      list.total > list.items.length ? el('p', { class: 'muted' }, `… and ${formatCount(list.total - list.items.length)} more (lance-curator preview --json lists them all)`) : null,
    );
    details.open = list.total > 0 && !options.collapsed.has(stage);
    details.addEventListener('toggle', () => options.onToggle(stage, details.open));
    return details;
  });
  return el('div', { class: 'excluded' }, ...sections);
}

function row(item: Item, options: ExcludedViewOptions, extra?: HTMLElement | null): HTMLElement {
  const slot = el('div', { class: 'record-slot' });
  return el(
    'li',
    { class: 'excluded-item', dataset: { id: item.id, rule: item.rule } },
    clickable(el('span', { class: 'link record-link' }, item.id), () => options.onRecord(item.id, slot), `show record ${item.id}`),
    ' ',
    el('span', { class: 'reason' }, item.reason),
    extra ?? null,
    slot,
  );
}

/** Near-duplicates under the kept record each duplicates, in the order the kept records first appear. */
function clusters(items: Item[], options: ExcludedViewOptions): HTMLElement {
  const byKept = new Map<string, Item[]>();
  for (const item of items) {
    const kept = item.duplicateOf ?? '';
    let members = byKept.get(kept);
    if (!members) byKept.set(kept, (members = []));
    members.push(item);
  }
  return el(
    'div',
    { class: 'clusters' },
    ...[...byKept].map(([kept, members]) => {
      const keptSlot = el('div', { class: 'record-slot' });
      return el(
        'section',
        { class: 'cluster', dataset: { kept } },
        el(
          'h4',
          null,
          'kept ',
          kept ? clickable(el('span', { class: 'link kept-link' }, kept), () => options.onRecord(kept, keptSlot), `show kept record ${kept}`) : '(unknown)',
          el('span', { class: 'muted' }, ` · ${members.length} removed as ${members.length === 1 ? 'its duplicate' : 'its duplicates'}`),
        ),
        keptSlot,
        el('ul', { class: 'excluded-list' }, ...members.map((item) => row(item, options))),
      );
    }),
  );
}
