import type { ExportOptions } from '../../../src/core/options/exportOptions';
import type { ItemStatus, ReviewDecision } from '../../../src/core';
import { CuratorError } from '../../../src/core/errors';
import { ReviewDecideRequest, ReviewItemView, ReviewQueueRequest, ReviewQueueView, ReviewStateView, ReviewUndoRequest } from '../../../src/protocol/reviewMessages';
import type { RpcEndpoint } from '../../../src/protocol/rpc';
import { el, replaceChildren } from '../elements';
import { reviewItemView } from './reviewItemView';
import { editBox, reasonPicker, rememberReason } from './reviewPrompts';
import { keySheet, progressText, reviewSummary } from './reviewSummary';
import { FILTER_LABELS, passes, QueueFilterId, queueFilters } from './queueFilters';

export interface ReviewDeps {
  host: RpcEndpoint;
  /** The panel's options (the queue is their curation; their `--labels` is the dataset written). */
  options(): ExportOptions;
  /** A commit returned: the panel applies the labels dataset at `version` and recounts. */
  onSaved(labels: string, version: number): void;
  /** The lines the group now produces, in the panel's format. */
  linesOf(group: string): Promise<string[]>;
  recentReasons(): string[];
  saveReasons(reasons: string[]): void;
}

interface Done {
  itemKey: string;
  decision: ReviewDecision;
  eventIds: Promise<string[]>;
}

/**
 * The Review tab: one item at a time, decided by keys. Focus stays on the
 * item (its reason picker and edit box live inside it); a decision shows
 * "saved" only once its commit returned.
 */
export function reviewMode(deps: ReviewDeps): { node: HTMLElement; show(): void; focus(): void } {
  let queue: ReviewQueueView | undefined;
  let queueKey = '';
  let statuses = new Map<string, ItemStatus>();
  let state: ReviewStateView | undefined;
  let cursor = 0;
  let filter: QueueFilterId = 'unreviewed';
  let shownAt = performance.now();
  let ranking: string[] = [];
  const undo: Done[] = [];
  const redo: { itemKey: string; decision: ReviewDecision }[] = [];
  let pending = 0;

  const progress = el('span', { class: 'review-progress', id: 'review-progress', role: 'status' });
  const save = el('span', { class: 'review-save muted', id: 'review-save', role: 'status' });
  const position = el('span', { class: 'muted', id: 'review-position' });
  const filterSelect = el('select', { id: 'review-filter', aria: { label: 'queue filter' } });
  const itemBox = el('div', { class: 'review-focus', id: 'review-item', tabIndex: 0, aria: { label: 'item under review' } });
  const slot = el('div', { class: 'review-slot' });
  const lines = el('div', { class: 'review-lines', id: 'review-lines' });
  const keys = el('div', { class: 'review-keys' });
  const summary = el('div', { id: 'review-summary-slot' });
  const node = el(
    'div',
    { class: 'review-mode', id: 'review-mode' },
    el('header', { class: 'toolbar review-head' }, progress, filterSelect, position, el('span', { class: 'spacer' }), save, el('span', { class: 'muted' }, 'Press ? for keys')),
    itemBox,
    keys,
    summary,
  );
  filterSelect.addEventListener('change', () => setFilter(filterSelect.value as QueueFilterId));

  const current = (): ReviewItemView | undefined => queue?.items[cursor];
  const me = () => queue?.reviewer ?? '';
  const focus = () => {
    const input = slot.querySelector<HTMLElement>('input, textarea');
    (input ?? itemBox).focus();
  };
  const setSave = (text: string, stateName: string) => {
    save.textContent = text;
    save.dataset.state = stateName;
  };

  function applyState(next: ReviewStateView): void {
    // Commits return in order, but a slower read may not: keep the newest.
    if (state?.labels.version != null && next.labels.version !== null && next.labels.version < state.labels.version) return;
    state = next;
    statuses = new Map(next.statuses.map((s) => [s.key, s]));
    progress.textContent = progressText(next.progress);
    replaceChildren(summary, reviewSummary(next.report));
    renderFilters();
  }

  function renderFilters(): void {
    const choices = queueFilters(state?.report ? Object.keys(state.report.counts.events_per_reviewer) : []);
    replaceChildren(filterSelect, ...choices.map((id) => el('option', { attrs: { value: id } }, FILTER_LABELS(id))));
    filterSelect.value = filter;
  }

  function indices(): number[] {
    if (!queue) return [];
    return queue.items.map((item, i) => [item, i] as const).filter(([item]) => passes(filter, statuses.get(item.key), me())).map(([, i]) => i);
  }

  function render(): void {
    const hadFocus = node.contains(document.activeElement);
    draw();
    if (hadFocus) focus();
  }

  function draw(): void {
    const item = current();
    const queued = indices();
    position.textContent = queue ? `${queued.length} in this queue${item ? ` · item ${cursor + 1} of ${queue.items.length}` : ''}` : '';
    if (!item) {
      replaceChildren(itemBox, el('p', { class: 'empty' }, queue ? 'Nothing to review under this filter.' : 'Loading the review queue…'));
      return;
    }
    const status = statuses.get(item.key);
    const decided = !!status?.reviewers.includes(me());
    replaceChildren(itemBox, reviewItemView(item, { status, reveal: decided || !!queue?.showRewards, rankingSoFar: ranking }), slot, lines);
    itemBox.dataset.key = item.key;
    itemBox.dataset.decided = String(decided);
    itemBox.dataset.shownOrder = JSON.stringify(item.shownOrder);
  }

  function move(step: 1 | -1, from = cursor): void {
    const queued = indices();
    const next = step > 0 ? queued.find((i) => i > from) : [...queued].reverse().find((i) => i < from);
    if (next === undefined) return;
    goTo(next);
  }

  function goTo(index: number): void {
    cursor = index;
    ranking = [];
    shownAt = performance.now();
    replaceChildren(slot);
    replaceChildren(lines);
    render();
    focus();
  }

  function setFilter(id: QueueFilterId): void {
    filter = id;
    filterSelect.value = id;
    const queued = indices();
    goTo(queued.includes(cursor) ? cursor : (queued.find((i) => i > cursor) ?? queued[0] ?? cursor));
  }

  async function load(): Promise<void> {
    setSave('', 'idle');
    try {
      const loaded = await deps.host.request(ReviewQueueRequest, { options: deps.options() });
      queue = loaded;
      applyState(loaded.state);
      const first = indices()[0];
      goTo(first ?? 0);
    } catch (error) {
      replaceChildren(itemBox, el('p', { class: 'error-text', role: 'alert' }, (error as Error).message));
    }
  }

  async function decide(decision: ReviewDecision, item = current(), fromRedo = false): Promise<void> {
    if (!item) return;
    const durationMs = Math.round(performance.now() - shownAt);
    let resolveIds!: (ids: string[]) => void;
    const entry: Done = { itemKey: item.key, decision, eventIds: new Promise((resolve) => (resolveIds = resolve)) };
    undo.push(entry);
    if (!fromRedo) redo.length = 0;
    pending++;
    setSave('saving…', 'saving');
    if (item === current()) move(1);
    try {
      const saved = await deps.host.request(ReviewDecideRequest, { options: deps.options(), itemKey: item.key, decision, shownOrder: item.shownOrder, durationMs });
      resolveIds(saved.eventIds);
      committed(saved.state, saved.version);
    } catch (error) {
      undo.splice(undo.indexOf(entry), 1);
      resolveIds([]);
      failed(error);
    }
  }

  function committed(next: ReviewStateView, version: number): void {
    pending--;
    applyState(next);
    if (pending === 0) setSave(`saved · labels v${version}`, 'saved');
    render();
    deps.onSaved(next.labels.uri, version);
  }

  function failed(error: unknown): void {
    pending--;
    if (!CuratorError.is(error, 'cancelled')) setSave(`not saved: ${(error as Error).message}`, 'error');
  }

  async function undoLast(): Promise<void> {
    const last = undo.pop();
    if (!last) return;
    const index = queue?.items.findIndex((i) => i.key === last.itemKey) ?? -1;
    if (index >= 0) goTo(index);
    pending++;
    setSave('undoing…', 'saving');
    try {
      const saved = await deps.host.request(ReviewUndoRequest, { options: deps.options(), eventIds: await last.eventIds });
      redo.push({ itemKey: last.itemKey, decision: last.decision });
      committed(saved.state, saved.version);
    } catch (error) {
      undo.push(last);
      failed(error);
    }
  }

  function redoLast(): void {
    const next = redo.pop();
    const item = next && queue?.items.find((i) => i.key === next.itemKey);
    if (!next || !item) return;
    goTo(queue!.items.indexOf(item));
    void decide(next.decision, item, true);
  }

  function askReason(title: string, then: (reason: string | null) => void): void {
    const picker = reasonPicker(title, deps.recentReasons(), (reason) => {
      replaceChildren(slot);
      if (reason !== undefined) {
        deps.saveReasons(rememberReason(deps.recentReasons(), reason));
        then(reason);
      }
      focus();
    });
    replaceChildren(slot, picker.node);
    picker.focus();
  }

  function edit(side: 0 | 1): void {
    const item = current();
    if (!item) return;
    const recordId =
      item.kind === 'pair' ? item.shownOrder[side] : item.kind === 'conversation' ? [...item.records].reverse().find((r) => r.role === 'assistant')?.id ?? item.records[item.records.length - 1].id : item.shownOrder[0];
    const record = item.records.find((r) => r.id === recordId)!;
    const previous = state?.report?.decisions.find((d) => d.record_id === recordId)?.edit?.text;
    const box = editBox(recordId, record.text ?? '', (text) => {
      replaceChildren(slot);
      if (text !== undefined) void decide({ action: 'edit', recordId, text });
      focus();
    });
    if (previous !== undefined) (box.node.querySelector('textarea') as HTMLTextAreaElement).value = previous;
    replaceChildren(slot, box.node);
    box.focus();
  }

  /** The lines of the current item's group, or (`last`) of the item decided last. */
  async function showLines(last = false): Promise<void> {
    const key = last ? undo[undo.length - 1]?.itemKey : current()?.key;
    const item = queue?.items.find((i) => i.key === key);
    if (!item) return;
    if (lines.childElementCount > 0) return void replaceChildren(lines);
    replaceChildren(lines, el('p', { class: 'muted' }, 'Counting the group…'));
    try {
      const written = await deps.linesOf(item.group);
      replaceChildren(
        lines,
        el('h4', null, `Group ${item.group} now writes ${written.length} ${written.length === 1 ? 'line' : 'lines'}`),
        ...written.map((line) => el('pre', { class: 'training-line' }, line)),
      );
    } catch (error) {
      replaceChildren(lines, el('p', { class: 'error-text' }, (error as Error).message));
    }
  }

  function pick(position: number): void {
    const item = current();
    if (!item) return;
    const id = item.shownOrder[position];
    if (id === undefined) return;
    if (item.kind === 'pair') void decide({ action: 'pick', recordId: id });
    else if (item.kind === 'unpaired') void decide({ action: 'label', recordId: item.records[0].id, value: position === 0 ? 'chosen' : 'rejected' });
    else if (item.kind === 'ranked') {
      if (!ranking.includes(id)) ranking.push(id);
      if (ranking.length === item.shownOrder.length) void decide({ action: 'rank', order: ranking });
      else render();
    }
  }

  itemBox.addEventListener('keydown', (event) => {
    if (event.target !== itemBox || event.altKey || (event.ctrlKey && !['z', 'y', 'Z'].includes(event.key))) return;
    const item = current();
    const handled = (() => {
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          move(1);
          return true;
        case 'k':
        case 'ArrowUp':
          move(-1);
          return true;
        case 'ArrowLeft':
        case 'a':
          if (item?.kind === 'pair' || item?.kind === 'unpaired') pick(0);
          return true;
        case 'ArrowRight':
        case 'b':
          if (item?.kind === 'pair' || item?.kind === 'unpaired') pick(1);
          return true;
        case 't':
          if (item?.kind === 'pair') askReason('Tie', (reason) => void decide({ action: 'tie', reason }));
          return true;
        case 'd':
          askReason('Discard', (reason) => void decide({ action: 'discard', reason }));
          return true;
        case 'e':
          edit(0);
          return true;
        case 'E':
          edit(1);
          return true;
        case 'Enter':
          void decide({ action: 'accept' });
          return true;
        case 'u':
          void undoLast();
          return true;
        case 'U':
        case 'y':
          redoLast();
          return true;
        case 'z':
        case 'Z':
          if (event.shiftKey) redoLast();
          else void undoLast();
          return true;
        case 'l':
        case 'L':
          void showLines(event.key === 'L');
          return true;
        case 'f': {
          const choices = queueFilters(state?.report ? Object.keys(state.report.counts.events_per_reviewer) : []);
          setFilter(choices[(choices.indexOf(filter) + 1) % choices.length]);
          return true;
        }
        case 'Backspace':
          ranking = [];
          render();
          return true;
        case '?':
          if (keys.childElementCount) replaceChildren(keys);
          else replaceChildren(keys, keySheet());
          return true;
        default:
          if (/^[1-9]$/.test(event.key)) {
            pick(Number(event.key) - 1);
            return true;
          }
          return false;
      }
    })();
    if (handled) event.preventDefault();
  });

  return {
    node,
    show: () => {
      const { labels: _l, labelsVersion: _v, ...rest } = deps.options();
      const key = JSON.stringify(rest);
      if (key !== queueKey || !queue) {
        queueKey = key;
        void load();
      }
      render();
      focus();
    },
    focus,
  };
}
