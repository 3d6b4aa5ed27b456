import * as arrow from 'apache-arrow';

/**
 * One review decision, as a row of the labels dataset (docs/labels.md is the
 * contract other tools write to). Events are only ever appended; a `retract`
 * undoes an earlier one.
 */
export const LABEL_ACTIONS = ['accept', 'label', 'rank', 'discard', 'edit', 'tie', 'retract'] as const;
export type LabelAction = (typeof LABEL_ACTIONS)[number];

export const LABEL_VALUES = ['chosen', 'rejected'] as const;
export type LabelValue = (typeof LABEL_VALUES)[number];

export interface LabelEvent {
  event_id: string;
  /** Microseconds since the epoch, UTC. */
  created_at: number;
  reviewer: string;
  /** `human`, or `model:<name>` for a suggestion. */
  source: string;
  action: LabelAction;
  record_ids: string[];
  label: LabelValue | null;
  rank: number | null;
  text: string | null;
  reason: string | null;
  retracts: string | null;
  shown_order: string[] | null;
  store_uri: string | null;
  store_version: number | null;
  duration_ms: number | null;
}

export type LabelColumn = keyof LabelEvent;

/** The source of a person's decision; anything else (`model:<name>`) is a suggestion. */
export const HUMAN_SOURCE = 'human';

/** The columns every event has (never null). */
export const REQUIRED_LABEL_COLUMNS = ['event_id', 'created_at', 'reviewer', 'source', 'action', 'record_ids'] as const;

/** The columns an event may leave out or set to null. */
export const NULLABLE_LABEL_COLUMNS = [
  'label',
  'rank',
  'text',
  'reason',
  'retracts',
  'shown_order',
  'store_uri',
  'store_version',
  'duration_ms',
] as const;

export const LABEL_COLUMNS: readonly LabelColumn[] = [...REQUIRED_LABEL_COLUMNS, ...NULLABLE_LABEL_COLUMNS];

/** The Arrow type of each column, as a dataset this tool creates declares it. */
export function labelColumnType(column: LabelColumn): arrow.DataType {
  switch (column) {
    case 'created_at':
      return new arrow.TimestampMicrosecond('UTC');
    case 'record_ids':
    case 'shown_order':
      return new arrow.List(new arrow.Field('item', new arrow.Utf8(), true));
    case 'rank':
    case 'store_version':
    case 'duration_ms':
      return new arrow.Int64();
    default:
      return new arrow.Utf8();
  }
}

/** The schema of a labels dataset this tool creates: required columns non-nullable. */
export function labelsSchema(): arrow.Schema {
  const required = new Set<string>(REQUIRED_LABEL_COLUMNS);
  return new arrow.Schema(LABEL_COLUMNS.map((name) => new arrow.Field(name, labelColumnType(name), !required.has(name))));
}
