import { HUMAN_SOURCE, LABEL_ACTIONS, LABEL_VALUES, LabelAction, LabelColumn, LabelEvent } from './labelEvent';

/** An event's values before they are checked: `created_at` already in microseconds (or not a number). */
export type RawLabelEvent = Partial<Record<LabelColumn, unknown>>;

/** A dataset value whose Arrow type the contract does not allow (say, `rank` stored as a string column). */
export class UnsupportedValue {
  constructor(readonly arrowType: string) {}
}

/** Why an event cannot be used: the column at fault and what is wrong with it. */
export interface LabelEventProblem {
  field: LabelColumn;
  reason: string;
}

export type LabelEventCheck = { event: LabelEvent } | { problem: LabelEventProblem };

/**
 * Checks one event against the contract (docs/labels.md): the types of its
 * columns and what its action needs. The CLI refuses an event with a problem;
 * a reader of the dataset skips it and counts it.
 */
export function checkLabelEvent(raw: RawLabelEvent): LabelEventCheck {
  try {
    return { event: toEvent(raw) };
  } catch (error) {
    if (error instanceof EventProblem) return { problem: { field: error.field, reason: error.message } };
    throw error;
  }
}

class EventProblem extends Error {
  constructor(
    readonly field: LabelColumn,
    message: string,
  ) {
    super(message);
  }
}

function toEvent(raw: RawLabelEvent): LabelEvent {
  const action = requiredString(raw, 'action') as LabelAction;
  if (!(LABEL_ACTIONS as readonly string[]).includes(action)) {
    throw new EventProblem('action', `unknown action '${action}' (expected ${LABEL_ACTIONS.join(', ')})`);
  }
  const source = requiredString(raw, 'source');
  if (source !== HUMAN_SOURCE && !/^model:./.test(source)) {
    throw new EventProblem('source', `source must be 'human' or 'model:<name>', got '${source}'`);
  }
  const event: LabelEvent = {
    event_id: requiredString(raw, 'event_id'),
    created_at: microsOf(raw.created_at),
    reviewer: requiredString(raw, 'reviewer'),
    source,
    action,
    record_ids: stringList(raw, 'record_ids', false)!,
    label: optionalLabel(raw.label),
    rank: optionalInteger(raw, 'rank', 1),
    text: optionalString(raw, 'text'),
    reason: optionalString(raw, 'reason'),
    retracts: optionalString(raw, 'retracts'),
    shown_order: stringList(raw, 'shown_order', true),
    store_uri: optionalString(raw, 'store_uri'),
    store_version: optionalInteger(raw, 'store_version', 0),
    duration_ms: optionalInteger(raw, 'duration_ms', 0),
  };
  checkAction(event);
  return event;
}

/** What each action needs besides the common columns. */
function checkAction(event: LabelEvent): void {
  const ids = event.record_ids.length;
  switch (event.action) {
    case 'accept':
    case 'discard':
      if (ids < 1) throw new EventProblem('record_ids', `${event.action} needs at least one record id`);
      return;
    case 'label':
      if (ids < 1) throw new EventProblem('record_ids', 'label needs at least one record id');
      if (event.label === null) throw new EventProblem('label', "label needs label: 'chosen' or 'rejected'");
      return;
    case 'rank':
      if (ids < 1) throw new EventProblem('record_ids', 'rank needs at least one record id');
      if (event.rank === null) throw new EventProblem('rank', 'rank needs rank: an integer, 1 = best');
      return;
    case 'edit':
      if (ids !== 1) throw new EventProblem('record_ids', `edit names exactly one record, got ${ids}`);
      if (event.text === null) throw new EventProblem('text', 'edit needs text: the corrected text');
      return;
    case 'tie':
      if (ids !== 2 || event.record_ids[0] === event.record_ids[1]) {
        throw new EventProblem('record_ids', `tie names exactly two different records, got ${ids === 2 ? 'the same record twice' : ids}`);
      }
      return;
    case 'retract':
      if (event.retracts === null || event.retracts === '') throw new EventProblem('retracts', 'retract needs retracts: the event_id it undoes');
      return;
  }
}

function requiredString(raw: RawLabelEvent, field: LabelColumn): string {
  const value = raw[field];
  if (value === undefined || value === null) throw new EventProblem(field, `missing ${field}`);
  if (typeof value !== 'string') throw new EventProblem(field, `${field} must be a string, got ${typeName(value)}`);
  if (value === '') throw new EventProblem(field, `${field} is empty`);
  return value;
}

function optionalString(raw: RawLabelEvent, field: LabelColumn): string | null {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new EventProblem(field, `${field} must be a string or null, got ${typeName(value)}`);
  return value;
}

function optionalLabel(value: unknown): LabelEvent['label'] {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !(LABEL_VALUES as readonly string[]).includes(value)) {
    throw new EventProblem('label', `label must be 'chosen' or 'rejected', got ${describe(value)}`);
  }
  return value as LabelEvent['label'];
}

function optionalInteger(raw: RawLabelEvent, field: LabelColumn, min: number): number | null {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  const number = typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new EventProblem(field, `${field} must be an integer, got ${describe(value)}`);
  if (number < min) throw new EventProblem(field, `${field} must be at least ${min}, got ${number}`);
  return number;
}

function stringList(raw: RawLabelEvent, field: LabelColumn, nullable: boolean): string[] | null {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (nullable) return null;
    throw new EventProblem(field, `missing ${field}`);
  }
  if (!Array.isArray(value)) throw new EventProblem(field, `${field} must be a list of strings, got ${typeName(value)}`);
  for (const item of value) {
    if (typeof item !== 'string' || item === '') throw new EventProblem(field, `${field} must hold non-empty strings, got ${describe(item)}`);
  }
  return value as string[];
}

function microsOf(value: unknown): number {
  if (value === undefined || value === null) throw new EventProblem('created_at', 'missing created_at');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new EventProblem('created_at', `created_at must be an RFC 3339 timestamp, got ${describe(value)}`);
  }
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof UnsupportedValue) return `a column of Arrow type ${value.arrowType}`;
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeName(value);
}
