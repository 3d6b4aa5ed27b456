import type { GroupDetail, GroupSummary } from '../../../src/core';
import type { OutputView } from '../../../src/protocol/messages';
import { clickable, el, formatCount, replaceChildren } from '../elements';
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

type ListedGroup = GroupSummary & { side: OutputView['side'] };

/** Keys that are the query, then keys starting with it, then keys containing it (case ignored). */
function keyMatches(all: ListedGroup[], query: string): ListedGroup[] {
  const rank = (key: string) => (key === query ? 0 : key.startsWith(query) ? 1 : key.includes(query) ? 2 : 3);
  return all
    .map((group, order) => ({ group, order, rank: rank(group.key.toLowerCase()) }))
    .filter((entry) => entry.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((entry) => entry.group);
}

/**
 * The groups of the outputs, paged, found by key (the key typed, then keys
 * starting with it, then containing it); only when no key matches, groups
 * whose messages contain the text (`searchText`, asked of the host). Says
 * which matched. Typing redraws the results only, never the field, so no
 * keystroke is lost.
 */
export function groupsList(
  outputs: OutputView[],
  initial: GroupListState,
  onState: (state: GroupListState) => void,
  onOpen: (key: string, side: OutputView['side']) => void,
  searchText?: (query: string) => Promise<{ key: string; side: OutputView['side'] }[]>,
): HTMLElement {
  const all: ListedGroup[] = outputs.flatMap((o) => o.groups.map((g) => ({ ...g, side: o.side })));
  let state = { ...initial };
  let asked = 0;
  const row = (group: ListedGroup) =>
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
    );
  const said = el('span', { class: 'muted', id: 'group-search-result', role: 'status' });
  const pager = el('span', { class: 'toolbar pager' });
  const list = el('ul', { class: 'group-list', aria: { label: 'groups' } });

  function render(): void {
    const typed = state.query.trim();
    const query = typed.toLowerCase();
    const matching = query ? keyMatches(all, query) : all;
    const pages = Math.max(1, Math.ceil(matching.length / PAGE));
    const page = Math.min(state.page, pages - 1);
    const go = (next: number) => {
      state = { ...state, page: next };
      onState(state);
      render();
    };
    replaceChildren(
      pager,
      button('Previous', () => go(page - 1), { appearance: 'secondary', attrs: page === 0 ? { disabled: '' } : {} }),
      el('span', { class: 'muted' }, `page ${page + 1} / ${pages}`),
      button('Next', () => go(page + 1), { appearance: 'secondary', attrs: page >= pages - 1 ? { disabled: '' } : {} }),
    );
    replaceChildren(list, ...matching.slice(page * PAGE, (page + 1) * PAGE).map(row));
    said.textContent = query ? `${formatCount(matching.length)} ${matching.length === 1 ? 'group' : 'groups'} whose key matches “${typed}”` : `${formatCount(all.length)} groups`;
    const mine = ++asked;
    if (!query || matching.length > 0 || !searchText) return;
    said.textContent = `No group key contains “${typed}”; looking in the messages…`;
    const bySide = new Map(all.map((group) => [`${group.side}\u0000${group.key}`, group]));
    void searchText(typed).then(
      (found) => {
        if (mine !== asked) return;
        const groups = found.map((match) => bySide.get(`${match.side}\u0000${match.key}`)).filter((group): group is ListedGroup => group !== undefined);
        said.textContent = `No group key contains “${typed}”; ${formatCount(groups.length)} ${groups.length === 1 ? 'group has' : 'groups have'} a message containing it`;
        replaceChildren(list, ...groups.slice(0, PAGE).map(row));
      },
      (error: Error) => mine === asked && (said.textContent = error.message),
    );
  }

  const search = textField('Find group', state.query, (value) => {
    state = { page: 0, query: value };
    onState(state);
    render();
  }, { placeholder: 'group key…', id: 'group-search' });
  render();
  return el('div', { class: 'groups' }, el('div', { class: 'toolbar' }, search, said, pager), list);
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
