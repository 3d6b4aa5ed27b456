import { DEGENERATE_REASONS } from '../../../src/core/export/exampleNotes';
import type { ExampleView, ListedExampleView, OutputView } from '../../../src/protocol/messages';
import { ExamplesListDeps, sortValues } from './examplesList';
import { clickable, el, formatNumber } from '../elements';
import { chips, Message, transcript } from './transcript';
import { trainerLineCard } from './trainerLineView';
import { droppedExamplesView } from './droppedExamplesView';

type Example = Record<string, unknown>;

const messagesOf = (value: unknown): Message[] => (Array.isArray(value) ? (value as Message[]) : []);

/** Every example of an output in a virtualised list, drawn for their task and form. */
export function examplesView(output: OutputView, list: (card: ExamplesListDeps['card']) => HTMLElement): HTMLElement {
  if (output.counts.examples === 0) {
    const empty = el('p', { class: 'empty' }, 'No examples: every group was skipped or curation removed every record.');
    return output.excludedExamples?.total ? el('div', null, empty, droppedExamplesView(output)) : empty;
  }
  return el('div', { class: 'examples' }, droppedExamplesView(output), list(listedCard));
}

/** One listed example: its card, with the values it sorts by in its header. */
function listedCard(example: ListedExampleView, onOpenGroup: (key: string) => void): HTMLElement {
  const card = example.format ? trainerLineCard(example, example.ordinal, onOpenGroup) : exampleCard(example, example.ordinal, onOpenGroup);
  card.querySelector('.example-head')?.append(el('span', { class: 'muted sort-values' }, ` · ${sortValues(example)}`));
  return card;
}

function exampleCard(view: ExampleView, index: number, onOpenGroup: (key: string) => void): HTMLElement {
  const example = view.example as Example;
  const form = typeof example.form === 'string' ? example.form : 'messages' in example ? 'sft' : 'rollout';
  const body = (() => {
    switch (form) {
      case 'paired':
        return pairedView(example, view);
      case 'unpaired':
        return unpairedView(example, view);
      case 'ranked':
        return rankedView(example, view);
      case 'rollout':
        return rolloutView(example, view);
      default:
        return sftView(example, view);
    }
  })();
  const provenance = example.provenance as { record_ids?: string[]; created_at_start?: string; created_at_end?: string } | undefined;
  const groupLink = clickable(el('span', { class: 'link' }, view.group), () => onOpenGroup(view.group), `open group ${view.group}`);
  return el(
    'article',
    { class: `example example-${form}${view.degenerate ? ' degenerate' : ''}`, dataset: { index: String(index), degenerate: view.degenerate ?? '' }, aria: { label: `example ${index + 1}` } },
    el(
      'header',
      { class: 'example-head' },
      el('span', { class: 'example-number' }, `#${index + 1}`),
      el('span', { class: 'muted' }, 'group '),
      groupLink,
      provenance?.record_ids ? el('span', { class: 'muted' }, ` · ${provenance.record_ids.length} ${provenance.record_ids.length === 1 ? 'record' : 'records'} · ${provenance.created_at_start ?? ''}`) : null,
      view.degenerate
        ? el('span', { class: 'badge degenerate-badge', attrs: { title: 'Written as lance-context writes it, but a trainer learns little from it' } }, DEGENERATE_REASONS[view.degenerate].one)
        : null,
    ),
    body,
  );
}

function sftView(example: Example, view: ExampleView): HTMLElement {
  const reward = typeof example.reward === 'number' ? el('p', { class: 'muted' }, 'best reward in group: ', formatNumber(example.reward)) : null;
  return el('div', null, transcript(messagesOf(example.messages), view.records), reward);
}

function promptView(example: Example): HTMLElement {
  const prompt = messagesOf(example.prompt);
  return el('section', { class: 'prompt', aria: { label: 'prompt' } }, el('h4', null, 'Prompt'), prompt.length ? transcript(prompt, [], 'prompt') : el('p', { class: 'muted' }, '(empty prompt)'));
}

function pairedView(example: Example, view: ExampleView): HTMLElement {
  const [chosen, rejected] = view.records;
  return el(
    'div',
    null,
    promptView(example),
    el(
      'div',
      { class: 'pair' },
      el('section', { class: 'side chosen', aria: { label: 'chosen' } }, el('h4', null, 'Chosen ', chips(chosen)), transcript(messagesOf(example.chosen), [chosen], 'chosen')),
      el('section', { class: 'side rejected', aria: { label: 'rejected' } }, el('h4', null, 'Rejected ', chips(rejected)), transcript(messagesOf(example.rejected), [rejected], 'rejected')),
    ),
  );
}

function unpairedView(example: Example, view: ExampleView): HTMLElement {
  const label = example.label === true;
  return el(
    'div',
    null,
    promptView(example),
    el(
      'section',
      { class: `side ${label ? 'chosen' : 'rejected'}` },
      el('h4', null, el('span', { class: `chip ${label ? 'chip-good' : 'chip-bad'}` }, label ? 'label: true (desirable)' : 'label: false (undesirable)'), ' ', chips(view.records[0])),
      transcript(messagesOf(example.completion), [view.records[0]], 'completion'),
    ),
  );
}

function rankedView(example: Example, view: ExampleView): HTMLElement {
  const candidates = Array.isArray(example.candidates) ? (example.candidates as { messages: Message[]; rank: number; reward?: number }[]) : [];
  return el(
    'div',
    null,
    promptView(example),
    el(
      'ol',
      { class: 'ranked', aria: { label: 'ranked candidates' } },
      ...candidates.map((candidate, i) =>
        el(
          'li',
          { class: 'candidate' },
          el('h4', null, `Rank ${candidate.rank}`, candidate.reward !== undefined ? el('span', { class: 'chip chip-reward' }, `reward ${formatNumber(candidate.reward)}`) : null),
          transcript(candidate.messages, [view.records[i]], `rank ${candidate.rank}`),
        ),
      ),
    ),
  );
}

function rolloutView(example: Example, view: ExampleView): HTMLElement {
  const responses = Array.isArray(example.responses) ? (example.responses as { messages: Message[]; reward?: number; reward_source?: string }[]) : [];
  return el(
    'div',
    null,
    promptView(example),
    el(
      'section',
      { class: 'responses', aria: { label: 'responses' } },
      el('h4', null, `${responses.length} responses`, typeof example.group_id === 'string' ? el('span', { class: 'muted' }, ` · group_id ${example.group_id}`) : null),
      ...responses.map((response, i) =>
        el(
          'div',
          { class: `response ${response.reward !== undefined && response.reward > 0 ? 'good' : ''}` },
          transcript(response.messages, [view.records[i]], `response ${i + 1}`),
        ),
      ),
    ),
  );
}
