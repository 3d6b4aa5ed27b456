import type { RecordSummary } from '../../../src/core';
import { el, formatNumber } from '../elements';

interface Message {
  role: string;
  content: string;
}

/** A CSS-safe role class: `role-user`, `role-assistant`, `role-tool`, `role-other`. */
function roleClass(role: string): string {
  const known = ['user', 'assistant', 'system', 'tool', 'developer'];
  const lower = role.toLowerCase();
  return `role-${known.includes(lower) ? lower : 'other'}`;
}

/** Assistant turns that are JSON tool calls (`tool_call`, `tool_calls`, `function_call`). */
function toolCallOf(message: Message): unknown {
  if (message.role.toLowerCase() !== 'assistant') return undefined;
  const text = message.content.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return value && typeof value === 'object' && ('tool_call' in value || 'tool_calls' in value || 'function_call' in value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Metadata chips of a record: reward, label, rank, reward source, tokens. */
export function chips(record: Partial<RecordSummary> | undefined): HTMLElement | null {
  if (!record) return null;
  const items: [string, string, string][] = [];
  if (record.reward !== undefined) items.push(['reward', formatNumber(record.reward), 'chip-reward']);
  if (record.label !== undefined) items.push(['label', record.label, record.label === 'chosen' ? 'chip-good' : record.label === 'rejected' ? 'chip-bad' : '']);
  if (record.rank !== undefined) items.push(['rank', String(record.rank), '']);
  if (record.reward_source !== undefined) items.push(['source', record.reward_source, '']);
  if (record.group_id !== undefined) items.push(['group', record.group_id, '']);
  if (record.tokens_used !== undefined) items.push(['tokens', String(record.tokens_used), '']);
  if (items.length === 0) return null;
  return el('span', { class: 'chips' }, ...items.map(([k, v, c]) => el('span', { class: `chip ${c}`, title: `${k}: ${v}` }, el('span', { class: 'chip-key' }, k), ' ', v)));
}

/** One message: role badge, then the text shown literally (tool calls pretty-printed). */
export function messageView(message: Message, record?: Partial<RecordSummary>): HTMLElement {
  const call = toolCallOf(message);
  const kind = call ? 'tool-call' : message.role.toLowerCase() === 'tool' ? 'tool-result' : '';
  return el(
    'div',
    { class: `message ${roleClass(message.role)} ${kind}`, role: 'listitem' },
    el(
      'div',
      { class: 'message-head' },
      el('span', { class: 'role' }, call ? `${message.role} · tool call` : kind === 'tool-result' ? `${message.role} · result` : message.role),
      record?.id ? el('span', { class: 'record-id muted' }, record.id) : null,
      chips(record),
    ),
    el('pre', { class: 'content', attrs: { dir: 'auto' } }, call ? JSON.stringify(call, null, 2) : message.content),
  );
}

/** A list of messages, each optionally paired with the record it came from. */
export function transcript(messages: Message[], records: (Partial<RecordSummary> | undefined)[] = [], label = 'conversation'): HTMLElement {
  return el('div', { class: 'transcript', role: 'list', aria: { label } }, ...messages.map((m, i) => messageView(m, records[i])));
}

export type { Message };
