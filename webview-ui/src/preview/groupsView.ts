import type { GroupDetail, GroupSummary } from '../../../src/core';
import type { OutputView } from '../../../src/protocol/messages';
import { clickable, el, formatCount } from '../elements';
import { button, textField } from '../components/toolkit';
import { transcript } from './transcript';

const PAGE = 100;

const SKIPPED: Record<string, string> = {
  no_candidates: 'no assistant turn',
  single_candidate: 'one candidate',
  no_preference_signal: 'candidates score the same',
  no_labels: 'no label or reward',
};

export interface GroupListState {
  page: number;
  query: string;
}

/** The groups of the outputs, paged, filterable by key; clicking one opens its transcript. */
export function groupsList(
  outputs: OutputView[],
  state: GroupListState,
  onChange: (state: GroupListState) => void,
  onOpen: (key: string, side: OutputView['side']) => void,
): HTMLElement {
  const all: (GroupSummary & { side: OutputView['side'] })[] = outputs.flatMap((o) => o.groups.map((g) => ({ ...g, side: o.side })));
  const query = state.query.trim().toLowerCase();
  const matching = query ? all.filter((g) => g.key.toLowerCase().includes(query)) : all;
  const pages = Math.max(1, Math.ceil(matching.length / PAGE));
  const page = Math.min(state.page, pages - 1);
  const rows = matching.slice(page * PAGE, (page + 1) * PAGE).map((group) =>
    clickable(
      el(
        'li',
        { class: 'group-row', dataset: { key: group.key, side: group.side } },
        el('span', { class: 'group-key' }, group.key),
        group.side !== 'all' ? el('span', { class: `chip side-${group.side}` }, group.side) : null,
        el('span', { class: 'muted' }, `${formatCount(group.records)} records · ${formatCount(group.examples)} examples`),
        group.skipped ? el('span', { class: 'chip chip-bad' }, `skipped: ${SKIPPED[group.skipped] ?? group.skipped}`) : null,
      ),
      () => onOpen(group.key, group.side),
      `open group ${group.key}`,
    ),
  );
  const search = textField('Find group', state.query, (value) => onChange({ page: 0, query: value }), { placeholder: 'group key…', id: 'group-search' });
  return el(
    'div',
    { class: 'groups' },
    el(
      'div',
      { class: 'toolbar' },
      search,
      el('span', { class: 'muted' }, `${formatCount(matching.length)} groups`),
      button('Previous', () => onChange({ ...state, page: page - 1 }), { appearance: 'secondary', attrs: page === 0 ? { disabled: '' } : {} }),
      el('span', { class: 'muted' }, `page ${page + 1} / ${pages}`),
      button('Next', () => onChange({ ...state, page: page + 1 }), { appearance: 'secondary', attrs: page >= pages - 1 ? { disabled: '' } : {} }),
    ),
    el('ul', { class: 'group-list', aria: { label: 'groups' } }, ...rows),
  );
}

/** One group: its records as a transcript with their signals, and the examples it yields. */
export function groupDetailView(detail: GroupDetail, onClose: () => void): HTMLElement {
  const examples = detail.examples.map((line) => JSON.parse(line) as Record<string, unknown>);
  return el(
    'section',
    { class: 'group-detail', aria: { label: `group ${detail.key}` } },
    el('header', { class: 'toolbar' }, el('h3', null, `Group ${detail.key}`), button('Back to groups', onClose, { appearance: 'secondary' })),
    el('p', { class: 'muted' }, `${detail.records.length} records in (created_at, id) order${detail.skipped ? ` · yields no example: ${SKIPPED[detail.skipped] ?? detail.skipped}` : ` · ${examples.length} example(s)`}`),
    transcript(
      detail.records.map((r) => ({ role: r.role, content: r.text ?? '' })),
      detail.records,
      `records of group ${detail.key}`,
    ),
    droppedView(detail),
    el('h4', null, 'Provenance'),
    el('pre', { class: 'json' }, JSON.stringify((examples[0] as { provenance?: unknown } | undefined)?.provenance ?? { record_ids: detail.records.map((r) => r.id) }, null, 2)),
  );
}

/** The turns curation dropped from this conversation, each with its stage and reason. */
function droppedView(detail: GroupDetail): HTMLElement | null {
  const dropped = detail.dropped ?? [];
  if (dropped.length === 0) return null;
  return el(
    'section',
    { class: 'dropped-turns', aria: { label: 'turns dropped from this conversation' } },
    el('h4', null, `${dropped.length} ${dropped.length === 1 ? 'turn' : 'turns'} dropped from this conversation`),
    el(
      'ul',
      null,
      ...dropped.map((turn) =>
        el('li', { class: 'dropped-turn', dataset: { id: turn.id, stage: turn.stage } }, el('span', { class: `role role-${turn.role.toLowerCase()}` }, turn.role), ` ${turn.id} · ${turn.created_at} · `, el('span', { class: 'reason' }, turn.reason)),
      ),
    ),
  );
}
