import { elementScroll, measureElement, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ExampleSort } from '../../../src/core';
import type { ExamplesWindow, ListedExampleView, OutputView } from '../../../src/protocol/messages';
import { button, dropdown, textField } from '../components/toolkit';
import { el, formatCount, formatNumber, replaceChildren } from '../elements';

/** How the list is searched and ordered (kept in the webview state per side). */
export interface ListQuery {
  search: string;
  sort: ExampleSort;
  descending: boolean;
}

export const DEFAULT_LIST_QUERY: ListQuery = { search: '', sort: 'order', descending: false };

export interface ExamplesListDeps {
  /** Asks the host for examples [start, start + count) of this side in the query's order. */
  fetchWindow(query: ListQuery & { start: number; count: number; findGroup?: string }, signal: AbortSignal): Promise<ExamplesWindow>;
  /** Draws one example as a card. */
  card(example: ListedExampleView, onOpenGroup: (key: string) => void): HTMLElement;
  onOpenGroup(key: string): void;
  onQuery(query: ListQuery): void;
}

const SORTS: { value: ExampleSort; label: string }[] = [
  { value: 'order', label: 'Output order' },
  { value: 'reward', label: 'Reward' },
  { value: 'margin', label: 'Reward margin (chosen − rejected)' },
  { value: 'tokens', label: 'Token length' },
  { value: 'groupSize', label: 'Group size' },
];
const MATCHED: Record<string, string> = {
  key: 'the group key is',
  'key-prefix': 'the group key starts with',
  'key-contains': 'the group key contains',
  text: 'no group key contains it; a message of the group contains',
};
const PAGE = 40;

/**
 * Every example of one output in a virtualised list (only the rows in view
 * are in the DOM, each measured for its height), fetched from the host a
 * page at a time, with text search, sorting and jump-to-group.
 */
export function examplesList(output: OutputView, initial: ListQuery, deps: ExamplesListDeps): HTMLElement {
  let query = { ...initial };
  let matched = output.counts.examples;
  let generation = 0;
  let controller = new AbortController();
  const loaded = new Map<number, ListedExampleView>();
  const pending = new Set<number>();
  const rows = new Map<number, HTMLElement>();
  const side = output.side;

  const summary = el('span', { class: 'muted list-summary', role: 'status', id: `list-summary-${side}` });
  const found = el('span', { class: 'muted jump-result', role: 'status', id: `jump-result-${side}` });
  const sizer = el('div', { class: 'examples-sizer' });
  const scroller = el('div', { class: 'examples-scroll', id: `examples-scroll-${side}`, tabIndex: 0, aria: { label: `examples of the ${side === 'all' ? 'output' : `${side} side`}` } }, sizer);

  const virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
    count: matched,
    getScrollElement: () => scroller,
    estimateSize: () => 260,
    overscan: 3,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    measureElement,
    getItemKey: (index) => `${generation}:${index}`,
    onChange: () => draw(),
  });
  let unmount: (() => void) | undefined;

  function draw(): void {
    if (!scroller.isConnected && unmount) {
      controller.abort();
      unmount();
      unmount = undefined;
      return;
    }
    sizer.style.height = `${virtualizer.getTotalSize()}px`;
    const items = virtualizer.getVirtualItems();
    const wanted = new Set(items.map((item) => item.index));
    for (const [index, row] of rows) {
      if (!wanted.has(index)) {
        row.remove();
        rows.delete(index);
      }
    }
    for (const item of items) {
      const example = loaded.get(item.index);
      let row = rows.get(item.index);
      if (!row || (example && row.dataset.loaded !== 'true')) {
        row?.remove();
        row = el('div', { class: 'example-row', dataset: { index: String(item.index), loaded: String(!!example) } }, example ? deps.card(example, deps.onOpenGroup) : el('p', { class: 'muted example-loading' }, `Loading example ${formatCount(item.index + 1)}…`));
        rows.set(item.index, row);
        sizer.appendChild(row);
        virtualizer.measureElement(row);
      }
      row.style.transform = `translateY(${item.start}px)`;
      if (!example) request(item.index);
    }
  }

  function request(index: number): void {
    const start = Math.floor(index / PAGE) * PAGE;
    if (pending.has(start)) return;
    pending.add(start);
    const mine = generation;
    deps
      .fetchWindow({ ...query, start, count: PAGE }, controller.signal)
      .then((window) => {
        if (mine !== generation) return;
        window.examples.forEach((example, i) => loaded.set(start + i, example));
        setMatched(window.matched);
        draw();
      })
      .catch(() => {
        if (mine === generation) pending.delete(start);
      });
  }

  /** New count or a new query: the item keys change with the generation, so no stale height is reused. */
  function resize(count: number): void {
    matched = count;
    const mine = generation;
    virtualizer.setOptions({ ...virtualizer.options, count, getItemKey: (index) => `${mine}:${index}` });
    virtualizer.measure();
  }

  function setMatched(count: number): void {
    if (count !== matched) resize(count);
    const total = output.counts.examples;
    summary.textContent = query.search.trim()
      ? `${formatCount(count)} of ${formatCount(total)} examples contain “${query.search.trim()}”`
      : `All ${formatCount(total)} ${total === 1 ? 'example' : 'examples'}, exactly as they will be written`;
  }

  /** A new search or order: forget what was loaded and start from the top. */
  function requery(next: ListQuery): void {
    query = next;
    deps.onQuery(query);
    generation++;
    controller.abort();
    controller = new AbortController();
    loaded.clear();
    pending.clear();
    for (const row of rows.values()) row.remove();
    rows.clear();
    found.textContent = '';
    resize(matched);
    const mine = generation;
    deps
      .fetchWindow({ ...query, start: 0, count: PAGE }, controller.signal)
      .then((window) => {
        if (mine !== generation) return;
        window.examples.forEach((example, i) => loaded.set(i, example));
        pending.add(0);
        setMatched(window.matched);
        virtualizer.scrollToOffset(0);
        draw();
      })
      .catch(() => undefined);
  }

  async function jump(text: string): Promise<void> {
    if (!text.trim()) return;
    found.textContent = `Looking for group “${text.trim()}”…`;
    try {
      const window = await deps.fetchWindow({ ...query, start: 0, count: 0, findGroup: text }, controller.signal);
      const hit = window.found;
      if (!hit) {
        found.textContent = `No group key or message contains “${text.trim()}”${query.search.trim() ? ' among the examples the search keeps' : ''}.`;
        return;
      }
      replaceChildren(found, `Example ${formatCount(hit.position + 1)}: group ${hit.key} (${MATCHED[hit.matched]} “${text.trim()}”)`);
      virtualizer.scrollToIndex(hit.position, { align: 'start' });
    } catch (error) {
      found.textContent = (error as Error).message;
    }
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const search = textField('Search messages', query.search, (value) => {
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => requery({ ...query, search: value }), 250);
  }, { placeholder: 'text in any message…', id: `example-search-${side}` });
  const direction = button(directionLabel(query), () => {
    requery({ ...query, descending: !query.descending });
    direction.textContent = directionLabel(query);
  }, { appearance: 'secondary', id: `sort-direction-${side}` });
  const sort = dropdown(SORTS, query.sort, (value) => {
    // A measure is most useful highest first; output order starts at the beginning.
    requery({ ...query, sort: value as ExampleSort, descending: value !== 'order' });
    direction.textContent = directionLabel(query);
  }, { id: `example-sort-${side}`, aria: { label: 'sort examples by' } });
  let jumpText = '';
  const jumpField = textField('Jump to group', '', (value) => (jumpText = value), { placeholder: 'group key…', id: `jump-group-${side}` });
  jumpField.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter') void jump(jumpText);
  });
  const go = button('Go', () => void jump(jumpText), { appearance: 'secondary', id: `jump-go-${side}` });

  setMatched(matched);
  requestAnimationFrame(() => {
    unmount = virtualizer._didMount();
    virtualizer._willUpdate();
    draw();
  });
  return el('div', { class: 'examples-list', dataset: { side } }, el('div', { class: 'toolbar examples-toolbar' }, search, el('label', { class: 'muted' }, 'Sort'), sort, direction, jumpField, go), el('p', { class: 'list-status' }, summary, ' ', found), scroller);
}

function directionLabel(query: ListQuery): string {
  if (query.sort === 'order') return query.descending ? 'Last first' : 'First first';
  return query.descending ? 'Highest first' : 'Lowest first';
}

/** The values an example sorts by, for its card's header. */
export function sortValues(example: ListedExampleView): string {
  const parts = [
    example.reward !== undefined ? `reward ${formatNumber(example.reward)}` : null,
    example.margin !== undefined ? `margin ${formatNumber(example.margin)}` : null,
    `${formatCount(example.length)} ${example.tokens !== undefined ? 'tokens' : 'tokens (records)'}`,
    `${formatCount(example.groupSize)} ${example.groupSize === 1 ? 'record' : 'records'} in group`,
  ];
  return parts.filter(Boolean).join(' · ');
}
