import { FormatRecord } from '../../../src/core/formats/formatExample';

/** Python's `json.dumps(value, sort_keys=True, separators=(",", ":"))`, as lance-context writes payloads. */
function sortedCompactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedCompactJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedCompactJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface IngestOptions {
  /** Caller metadata merged into every record (reward, rank, label, tools…). */
  metadata?: (index: number) => Record<string, unknown> | undefined;
}

/**
 * Records as lance-context's `Context.ingest_messages` writes them (formats.md §4b):
 * one per message, `external_id` `<prefix>#message-<i+1>`, `metadata.raw_message`
 * the whole message; content missing → the message without role as sorted
 * compact JSON (`application/json`); content parts → JSON-dumped
 * (`application/json`); content with tool_calls → the content as text.
 */
export function ingestMessages(prefix: string, messages: Record<string, unknown>[], options: IngestOptions = {}): FormatRecord[] {
  return messages.map((message, i) => {
    const { role, ...rest } = message;
    let text: string;
    let contentType = 'text/plain';
    if (message.content === undefined || message.content === null) {
      text = sortedCompactJson(rest);
      contentType = 'application/json';
    } else if (typeof message.content !== 'string') {
      text = sortedCompactJson(message.content);
      contentType = 'application/json';
    } else {
      text = message.content;
    }
    const extra = options.metadata?.(i) ?? {};
    const record: FormatRecord = {
      id: `${prefix}-r${i + 1}`,
      role: String(role),
      text,
      contentType,
      metadata: { raw_message: message, external_id: `${prefix}#message-${i + 1}`, ...extra },
    };
    if (typeof extra.reward === 'number') record.reward = extra.reward;
    if (typeof extra.reward_source === 'string') record.rewardSource = extra.reward_source;
    return record;
  });
}

/** The same records with `metadata.raw_message` gone: only `text_payload` and `content_type` left to rebuild from. */
export function withoutRawMessage(records: FormatRecord[]): FormatRecord[] {
  return records.map((r) => {
    const { raw_message: _raw, ...metadata } = r.metadata ?? {};
    return { ...r, metadata };
  });
}

/** The Oslo clock conversation of formats.md, as an agent framework logs it: nested call, string arguments, a system prompt. */
export const OSLO: Record<string, unknown>[] = [
  { role: 'system', content: 'You tell the time.' },
  { role: 'user', content: 'Time in Oslo?' },
  { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{"tz":"Europe/Oslo"}' } }] },
  { role: 'tool', tool_call_id: 'c1', content: '14:02' },
  { role: 'assistant', content: 'It is 14:02.' },
];

export const CLOCK_TOOL = { type: 'function', function: { name: 'clock', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } };
