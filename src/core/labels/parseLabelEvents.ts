import { inputError } from '../errors';
import { parseRfc3339Micros } from '../time/rfc3339';
import { checkLabelEvent, RawLabelEvent } from './checkLabelEvent';
import { LABEL_COLUMNS, LabelEvent } from './labelEvent';

/**
 * Parses events given as JSON lines (`labels append --events`): one object per
 * line with the dataset's columns, `created_at` in RFC 3339, nullable columns
 * optional. The first bad line stops the parse with its line number and why,
 * so a caller appends all the events or none.
 */
export function parseLabelEventsJsonl(text: string, file: string): LabelEvent[] {
  const events: LabelEvent[] = [];
  const lineOf = new Map<string, number>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    const number = index + 1;
    const fail = (reason: string, field?: string) => inputError(`${file}:${number}: ${reason}`, { file, line: number, ...(field ? { field } : {}) });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw fail(`not valid JSON (${(cause as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('expected a JSON object with the event columns');
    const raw = { ...(value as Record<string, unknown>) } as RawLabelEvent & Record<string, unknown>;
    const unknown = Object.keys(raw).find((key) => !(LABEL_COLUMNS as readonly string[]).includes(key));
    if (unknown !== undefined) throw fail(`unknown column '${unknown}' (the columns are ${LABEL_COLUMNS.join(', ')})`, unknown);
    if (typeof raw.created_at === 'string') {
      const micros = parseRfc3339Micros(raw.created_at);
      if (micros === undefined) throw fail(`created_at must be an RFC 3339 timestamp, got '${raw.created_at}'`, 'created_at');
      raw.created_at = micros;
    } else if (raw.created_at !== undefined && raw.created_at !== null) {
      throw fail(`created_at must be an RFC 3339 timestamp string, got ${typeof raw.created_at}`, 'created_at');
    }
    const checked = checkLabelEvent(raw);
    if ('problem' in checked) {
      const id = typeof raw.event_id === 'string' && raw.event_id !== '' ? `event ${raw.event_id}: ` : '';
      throw fail(`${id}${checked.problem.reason}`, checked.problem.field);
    }
    const previous = lineOf.get(checked.event.event_id);
    if (previous !== undefined) throw fail(`event_id ${checked.event.event_id} was already used on line ${previous}`, 'event_id');
    lineOf.set(checked.event.event_id, number);
    events.push(checked.event);
  }
  return events;
}
