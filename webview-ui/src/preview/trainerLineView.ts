import type { ExampleView } from '../../../src/protocol/messages';
import { clickable, el, formatCount, formatNumber } from '../elements';

/**
 * A trainer line (TRL or OpenAI) as an example card: its conversation with
 * each tool call as a call card (name, pretty-printed arguments) linked to the
 * result that answers it, the line exactly as written, and a toggle that puts
 * the native line of the same example beside it. All text goes in as text.
 */

type Json = Record<string, unknown>;

const FLAVOUR_NAMES = { trl: 'TRL', openai: 'OpenAI' } as const;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** A message's content as text: strings as they are, content parts by their text (other parts named). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : `[${isObject(part) ? String(part.type) : 'part'}]`)).join('\n');
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** Arguments pretty-printed: a JSON string (OpenAI) is parsed first, an object (TRL) printed as is. */
export function prettyArguments(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value ?? {}, null, 2);
}

interface CallCard {
  id: string;
  callId?: string;
  name: string;
  node: HTMLElement;
  answered: boolean;
}

/** Pairs results with calls as the converters do: by id, else by name (first unanswered), else the first unanswered. */
function pairResult(calls: CallCard[], message: Json): CallCard | undefined {
  const open = calls.filter((call) => !call.answered);
  if (typeof message.tool_call_id === 'string') return open.find((call) => call.callId === message.tool_call_id);
  if (typeof message.name === 'string') return open.find((call) => call.name === message.name);
  return open[0];
}

function focus(node: HTMLElement): void {
  node.scrollIntoView({ block: 'nearest' });
  node.classList.add('flash');
  node.focus();
  setTimeout(() => node.classList.remove('flash'), 800);
}

/** Renders message lists of one card, numbering call cards and linking results to them across the card's sections. */
function conversationRenderer(prefix: string) {
  const calls: CallCard[] = [];
  const render = (messages: Json[], label: string): HTMLElement =>
    el(
      'div',
      { class: 'transcript', role: 'list', aria: { label } },
      ...messages.map((message) => {
        const role = String(message.role ?? '');
        const text = contentText(message.content);
        const cards = list(message.tool_calls).map((call) => {
          const fn = isObject(call.function) ? call.function : call;
          const name = String(fn.name ?? '');
          const id = `${prefix}-call-${calls.length + 1}`;
          const node = el(
            'article',
            { class: 'call-card', id, tabIndex: -1, dataset: { callName: name, ...(typeof call.id === 'string' ? { callId: call.id } : {}) }, aria: { label: `tool call ${name}` } },
            el('div', { class: 'call-head' }, el('span', { class: 'chip' }, 'call'), ' ', el('span', { class: 'call-name' }, name), typeof call.id === 'string' ? el('span', { class: 'muted' }, ` · ${call.id}`) : null),
            el('pre', { class: 'call-args' }, prettyArguments(fn.arguments)),
          );
          calls.push({ id, callId: typeof call.id === 'string' ? call.id : undefined, name, node, answered: false });
          return node;
        });
        let resultLink: HTMLElement | null = null;
        if (role === 'tool') {
          const call = pairResult(calls, message);
          if (call) {
            call.answered = true;
            resultLink = clickable(el('span', { class: 'link result-of', dataset: { callCard: call.id } }, `result of ${call.name}`), () => focus(call.node), `show the call ${call.name}`);
            call.node.append(el('p', { class: 'muted call-answered' }, 'answered below'));
          }
        }
        return el(
          'div',
          { class: `message role-${['system', 'developer', 'user', 'assistant', 'tool'].includes(role) ? role : 'other'} ${role === 'tool' ? 'tool-result' : ''}`, role: 'listitem' },
          el('div', { class: 'message-head' }, el('span', { class: 'role' }, role), resultLink ? ' · ' : null, resultLink, message.weight !== undefined ? el('span', { class: 'chip' }, `weight ${String(message.weight)}`) : null),
          text !== '' || cards.length === 0 ? el('pre', { class: 'content', attrs: { dir: 'auto' } }, text) : null,
          ...cards,
        );
      }),
    );
  return render;
}

/** The sections of a trainer line by its shape (SFT messages, preference, unpaired, DPO input/outputs, prompt-only). */
function sectionsOf(line: Json, render: (messages: Json[], label: string) => HTMLElement): HTMLElement[] {
  const section = (title: string, cls: string, messages: Json[], extra?: HTMLElement | null) =>
    el('section', { class: `side ${cls}`, aria: { label: title.toLowerCase() } }, el('h4', null, title, extra ? ' ' : null, extra ?? null), render(messages, title.toLowerCase()));
  if (isObject(line.input)) {
    return [
      section('Input', 'prompt', list(line.input.messages)),
      el('div', { class: 'pair' }, section('Preferred', 'chosen', list(line.preferred_output)), section('Non-preferred', 'rejected', list(line.non_preferred_output))),
    ];
  }
  if (Array.isArray(line.messages)) return [section('Conversation', 'messages', list(line.messages))];
  const prompt = section('Prompt', 'prompt', list(line.prompt));
  if (Array.isArray(line.chosen)) {
    const margin = typeof line.margin === 'number' ? el('span', { class: 'chip' }, `margin ${formatNumber(line.margin)}`) : null;
    return [prompt, el('div', { class: 'pair' }, section('Chosen', 'chosen', list(line.chosen), margin), section('Rejected', 'rejected', list(line.rejected)))];
  }
  if (Array.isArray(line.completion)) {
    const good = line.label === true;
    return [prompt, section('Completion', good ? 'chosen' : 'rejected', list(line.completion), el('span', { class: `chip ${good ? 'chip-good' : 'chip-bad'}` }, `label: ${String(line.label)}`))];
  }
  return [prompt];
}

/** Columns a line carries besides messages (rewards for reward functions and graders, tools). */
function columnsOf(line: Json): HTMLElement | null {
  const tools = list(line.tools ?? (isObject(line.input) ? line.input.tools : undefined));
  const chips: HTMLElement[] = [];
  for (const key of ['reward', 'reward_source', 'group_id']) {
    if (line[key] !== undefined) chips.push(el('span', { class: 'chip' }, el('span', { class: 'chip-key' }, key), ' ', String(line[key])));
  }
  if (tools.length > 0) {
    const names = tools.map((tool) => String((isObject(tool.function) ? tool.function : tool).name ?? ''));
    chips.push(el('span', { class: 'chip tools-chip' }, el('span', { class: 'chip-key' }, 'tools'), ' ', names.join(', ')));
  }
  return chips.length > 0 ? el('p', { class: 'chips line-columns' }, ...chips) : null;
}

/** One example card of a trainer-format preview. */
export function trainerLineCard(view: ExampleView, index: number, onOpenGroup: (key: string) => void): HTMLElement {
  const flavour = view.format ?? 'trl';
  const line = view.example;
  const render = conversationRenderer(`example-${index + 1}`);
  const written = el('pre', { class: 'trainer-line', aria: { label: `${FLAVOUR_NAMES[flavour]} line as written` } }, view.line ?? JSON.stringify(line));
  const native = el('pre', { class: 'native-line', aria: { label: 'native line' } }, view.native ?? '');
  const nativeBox = el('div', { class: 'line-side' }, el('h4', null, 'Native (export.rs)'), native);
  nativeBox.hidden = true;
  const toggle = el('button', { class: 'secondary compare-toggle', attrs: { type: 'button', 'aria-pressed': 'false' } }, 'Compare with native');
  toggle.addEventListener('click', () => {
    nativeBox.hidden = !nativeBox.hidden;
    toggle.setAttribute('aria-pressed', String(!nativeBox.hidden));
    toggle.textContent = nativeBox.hidden ? 'Compare with native' : 'Hide native';
  });
  const groupLink = clickable(el('span', { class: 'link' }, view.group), () => onOpenGroup(view.group), `open group ${view.group}`);
  return el(
    'article',
    { class: `example example-trainer example-${flavour}`, dataset: { index: String(index) }, aria: { label: `example ${index + 1}` } },
    el(
      'header',
      { class: 'example-head' },
      el('span', { class: 'example-number' }, `#${index + 1}`),
      el('span', { class: 'chip format-chip' }, FLAVOUR_NAMES[flavour]),
      el('span', { class: 'muted' }, 'group '),
      groupLink,
      view.tokens !== undefined ? el('span', { class: 'chip tokens-chip' }, `${formatCount(view.tokens)} tokens`) : null,
      view.native !== undefined ? toggle : null,
    ),
    ...sectionsOf(line, render),
    columnsOf(line),
    view.loss !== undefined ? el('p', { class: 'muted loss-scope' }, `Loss on: ${view.loss}`) : null,
    view.rendered !== undefined
      ? el(
          'details',
          { class: 'rendered-text' },
          el('summary', null, `Training text (chat template${'chosen' in line ? ', prompt + chosen' : ''})${view.renderedTokens !== undefined ? ` · ${formatCount(view.renderedTokens)} tokens` : ''}`),
          view.tokens !== undefined && view.renderedTokens !== undefined && view.tokens !== view.renderedTokens
            ? el('p', { class: 'muted line-tokens-note' }, `The line counts ${formatCount(view.tokens)} tokens: its longest sequence${'rejected' in line ? ' (prompt + rejected)' : ''}, which the token limit is checked against.`)
            : null,
          el('pre', { class: 'rendered' }, ...renderedSegments(view.rendered, view.lossSpans)),
          view.lossSpans && view.lossSpans.length > 0 ? el('p', { class: 'muted' }, 'Highlighted: the part the loss applies to.') : null,
        )
      : null,
    el('details', { class: 'line-text' }, el('summary', null, `${FLAVOUR_NAMES[flavour]} line, exactly as written`), el('div', { class: 'line-compare' }, el('div', { class: 'line-side' }, written), nativeBox)),
  );
}

/** The rendered text as text nodes, with the loss spans wrapped in <mark> (record text stays text). */
function renderedSegments(text: string, spans: readonly [number, number][] | undefined): (Node | string)[] {
  if (!spans || spans.length === 0) return [text];
  const out: (Node | string)[] = [];
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > text.length) continue;
    if (start > at) out.push(text.slice(at, start));
    out.push(el('mark', { class: 'loss-span' }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
