import type { ItemStatus, RecordSummary } from '../../../src/core';
import type { ReviewItemView } from '../../../src/protocol/reviewMessages';
import { el, formatNumber } from '../elements';
import { chips, Message, transcript } from '../preview/transcript';

const messagesOf = (value: unknown): Message[] => (Array.isArray(value) ? (value as Message[]) : []);

/** What the item view needs besides the item: whether to reveal scores, and a ranking under way. */
export interface ItemViewOptions {
  status: ItemStatus | undefined;
  /** Reward, margin and suggestions are shown (decided, or the setting shows them up front). */
  reveal: boolean;
  /** Ranked lists: the records placed so far, best first. */
  rankingSoFar: string[];
}

/** The item under review, drawn for its kind with its records in the blind order. */
export function reviewItemView(item: ReviewItemView, options: ItemViewOptions): HTMLElement {
  const example = item.example;
  const byId = new Map(item.records.map((r) => [r.id, r]));
  const shown = item.shownOrder.map((id) => byId.get(id)).filter((r): r is RecordSummary => r !== undefined);
  const body = (() => {
    switch (item.kind) {
      case 'pair':
        return el('div', { class: 'pair review-pair' }, ...shown.map((record, i) => sideView(item, record, i === 0 ? 'Left' : 'Right', i === 0 ? '1' : '2', options)));
      case 'ranked':
        return rankedView(item, shown, options);
      case 'unpaired':
        return el('div', { class: 'review-unpaired' }, sideView(item, item.records[0], 'Candidate', '', options), el('p', { class: 'muted' }, 'Press 1 if it is desirable, 2 if not.'));
      default:
        return el('div', { class: 'review-conversation' }, transcript(conversationOf(example), options.reveal ? item.records : []));
    }
  })();
  return el(
    'div',
    { class: `review-item review-${item.kind}`, dataset: { key: item.key, kind: item.kind } },
    item.kind === 'conversation' ? null : promptView(example),
    body,
    options.reveal ? revealed(item, options.status) : null,
  );
}

function promptView(example: Record<string, unknown>): HTMLElement {
  const prompt = messagesOf(example.prompt);
  // With --pair-scope turn the prompt holds the whole shared conversation: the turn answered on top, the rest folded.
  const last = prompt[prompt.length - 1];
  const earlier = prompt.slice(0, -1);
  return el(
    'section',
    { class: 'prompt', aria: { label: 'prompt' } },
    last ? transcript([last], [], 'prompt') : el('p', { class: 'muted' }, '(empty prompt)'),
    earlier.length ? el('details', { class: 'shared-context' }, el('summary', null, `${earlier.length} earlier ${earlier.length === 1 ? 'message' : 'messages'} shared by both`), transcript(earlier, [], 'shared context')) : null,
  );
}

/** A candidate's messages: the example's side holding this record. */
function candidateMessages(item: ReviewItemView, record: RecordSummary): Message[] {
  const example = item.example;
  const index = item.records.findIndex((r) => r.id === record.id);
  switch (item.kind) {
    case 'pair':
      return messagesOf(index === 0 ? example.chosen : example.rejected);
    case 'unpaired':
      return messagesOf(example.completion);
    case 'ranked': {
      const candidates = Array.isArray(example.candidates) ? (example.candidates as { messages: Message[] }[]) : [];
      return messagesOf(candidates[index]?.messages);
    }
    default:
      return [];
  }
}

function sideView(item: ReviewItemView, record: RecordSummary, title: string, key: string, options: ItemViewOptions): HTMLElement {
  return el(
    'section',
    { class: 'side review-side', dataset: { record: record.id }, aria: { label: `${title.toLowerCase()} side` } },
    el('h4', null, key ? el('kbd', null, key) : null, ` ${title} `, options.reveal ? chips(record) : null),
    transcript(candidateMessages(item, record), [], title.toLowerCase()),
  );
}

function rankedView(item: ReviewItemView, shown: RecordSummary[], options: ItemViewOptions): HTMLElement {
  const placed = options.rankingSoFar;
  return el(
    'div',
    null,
    el('p', { class: 'muted' }, 'Press the numbers best first to rank; Backspace starts over.', placed.length ? ` Placed: ${placed.length} of ${shown.length}.` : ''),
    el(
      'ol',
      { class: 'ranked review-ranked' },
      ...shown.map((record, i) => {
        const at = placed.indexOf(record.id);
        return el(
          'li',
          { class: `candidate${at >= 0 ? ' placed' : ''}`, dataset: { record: record.id } },
          el('h4', null, el('kbd', null, String(i + 1)), at >= 0 ? ` ranked ${at + 1}` : '', options.reveal ? chips(record) : null),
          transcript(candidateMessages(item, record), [], `candidate ${i + 1}`),
        );
      }),
    ),
  );
}

function conversationOf(example: Record<string, unknown>): Message[] {
  if (Array.isArray(example.messages)) return example.messages as Message[];
  const responses = Array.isArray(example.responses) ? (example.responses as { messages: Message[] }[]) : [];
  return [...messagesOf(example.prompt), ...responses.flatMap((r) => r.messages)];
}

/** After the decision (or with the setting): the logged rewards' margin and the suggestions. */
function revealed(item: ReviewItemView, status: ItemStatus | undefined): HTMLElement {
  const rewards = item.records.map((r) => r.reward).filter((r): r is number => r !== undefined);
  const margin = rewards.length >= 2 ? Math.max(...rewards) - Math.min(...rewards) : undefined;
  const suggestions = Object.entries(status?.suggestions ?? {});
  return el(
    'p',
    { class: 'review-revealed muted' },
    margin !== undefined ? `reward margin ${formatNumber(margin)}` : 'no reward margin',
    status?.disagreesWithReward ? el('span', { class: 'chip chip-bad' }, 'disagrees with the reward') : null,
    ...suggestions.map(([source, outcome]) => el('span', { class: 'chip' }, `${source}: ${outcome}`)),
    status?.disagreesWithSuggestion ? el('span', { class: 'chip chip-bad' }, 'disagrees with a suggestion') : null,
  );
}
