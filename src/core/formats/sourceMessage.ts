import { FormatRecord } from './formatExample';

/**
 * A record's message as the agent framework wrote it, before any flavour
 * rules: fields are whatever the source held (`content` may be a string, a
 * list of parts or missing; `tool_calls` in any of the shapes lance-context
 * keeps verbatim).
 */
export interface SourceMessage {
  /** Lower-cased role. */
  role: string;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
  name?: unknown;
  weight?: unknown;
  /** The record it came from, for made-up call ids and drop reasons. */
  recordId: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameRole(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function pick(source: Record<string, unknown>, role: string, recordId: string): SourceMessage {
  const message: SourceMessage = { role, recordId };
  if ('content' in source) message.content = source.content;
  if (source.tool_calls !== undefined && source.tool_calls !== null) message.tool_calls = source.tool_calls;
  if (source.tool_call_id !== undefined && source.tool_call_id !== null) message.tool_call_id = source.tool_call_id;
  if (source.name !== undefined && source.name !== null) message.name = source.name;
  if (source.weight !== undefined && source.weight !== null) message.weight = source.weight;
  return message;
}

/**
 * Rebuilds the message a record was ingested from: `metadata.raw_message`
 * when it is an object of the record's role; else, for an
 * `application/json` record, the parsed payload (an object is the message
 * without its role, a list is the content parts); else `{role, content: text}`.
 *
 * @example
 * rebuildMessage({ id: 'r1', role: 'assistant', text: '{"tool_calls":[…]}', contentType: 'application/json' })
 * // → { role: 'assistant', tool_calls: […], recordId: 'r1' }
 */
export function rebuildMessage(record: FormatRecord): SourceMessage {
  const role = record.role.toLowerCase();
  const raw = record.metadata?.raw_message;
  if (isObject(raw) && sameRole(raw.role, record.role)) return pick(raw, role, record.id);
  if (record.contentType === 'application/json' && record.text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.text);
    } catch {
      parsed = undefined;
    }
    if (isObject(parsed)) return pick(parsed, role, record.id);
    if (Array.isArray(parsed)) return { role, content: parsed, recordId: record.id };
  }
  return { role, content: record.text ?? '', recordId: record.id };
}
