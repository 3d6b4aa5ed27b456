import * as arrow from 'apache-arrow';
import { inputError } from '../errors';
import { floorDiv, parseRfc3339Micros } from '../time/rfc3339';
import { isValid, readStrings } from '../store/arrowColumns';
import { checkLabelEvent, RawLabelEvent, UnsupportedValue } from './checkLabelEvent';
import { LABEL_COLUMNS, LabelColumn, LabelEvent, REQUIRED_LABEL_COLUMNS } from './labelEvent';

/** An event the reader could not use, and why (it is skipped and counted, never fatal). */
export interface SkippedLabelEvent {
  /** 0-based row in the dataset's scan order. */
  row: number;
  eventId: string | null;
  field: LabelColumn;
  reason: string;
}

export interface DecodedLabelEvents {
  events: LabelEvent[];
  skipped: SkippedLabelEvent[];
}

const CONTRACT = new Set<string>(LABEL_COLUMNS);
/** Columns with few distinct values, whose strings are shared. */
const LOW_CARDINALITY = new Set<string>(['reviewer', 'source', 'action', 'label', 'store_uri', 'reason']);

/**
 * Reads events from a labels dataset's batches. Columns are found by name,
 * whether or not they are declared nullable; extra columns are ignored; an
 * event that breaks the contract (or repeats an earlier event_id) is skipped
 * and counted.
 */
export function decodeLabelBatches(batches: Iterable<arrow.RecordBatch>): DecodedLabelEvents {
  const events: LabelEvent[] = [];
  const skipped: SkippedLabelEvent[] = [];
  const seen = new Set<string>();
  let row = 0;
  for (const batch of batches) {
    const reader = (column: LabelColumn) => columnReader(batch.getChild(column), LOW_CARDINALITY.has(column));
    const [eventIdOf, createdAt, reviewer, source, action, recordIds, label, rank, text, reason, retracts, shownOrder, storeUri, storeVersion, durationMs] =
      LABEL_COLUMNS.map(reader);
    for (let i = 0; i < batch.numRows; i++, row++) {
      // One object shape for every row (a literal, not keys added one by one): the hot loop of a 100k-event read.
      const raw: RawLabelEvent = {
        event_id: eventIdOf(i),
        created_at: createdAt(i),
        reviewer: reviewer(i),
        source: source(i),
        action: action(i),
        record_ids: recordIds(i),
        label: label(i),
        rank: rank(i),
        text: text(i),
        reason: reason(i),
        retracts: retracts(i),
        shown_order: shownOrder(i),
        store_uri: storeUri(i),
        store_version: storeVersion(i),
        duration_ms: durationMs(i),
      };
      // Tools without a timestamp type (JSON-first writers) may store RFC 3339 text.
      if (typeof raw.created_at === 'string') raw.created_at = parseRfc3339Micros(raw.created_at) ?? raw.created_at;
      const checked = checkLabelEvent(raw);
      const eventId = typeof raw.event_id === 'string' ? raw.event_id : null;
      if ('problem' in checked) {
        skipped.push({ row, eventId, ...checked.problem });
      } else if (seen.has(checked.event.event_id)) {
        skipped.push({ row, eventId, field: 'event_id', reason: `event_id ${eventId} repeats an earlier event` });
      } else {
        seen.add(checked.event.event_id);
        events.push(checked.event);
      }
    }
  }
  return { events, skipped };
}

type ColumnReader = (i: number) => unknown;

/** A reader of one column of one batch; strings and lists decoded in bulk (per-value `Vector.get` is slow). */
function columnReader(vector: arrow.Vector | null, lowCardinality: boolean): ColumnReader {
  if (!vector) return () => undefined;
  if (vector.data.length !== 1) return genericReader(vector);
  const data = vector.data[0];
  const type = vector.type;
  const length = vector.length;
  if (arrow.DataType.isTimestamp(type)) {
    const unit = type.unit;
    const values = data.values as BigInt64Array;
    return (i) => {
      if (!isValid(data, i)) return null;
      const raw = values[data.offset + i];
      if (unit === arrow.TimeUnit.NANOSECOND) return Number(floorDiv(raw, 1000n));
      return Number(raw) * [1e6, 1e3, 1][unit];
    };
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 64) {
    const values = data.values as BigInt64Array | BigUint64Array;
    return (i) => (isValid(data, i) ? values[data.offset + i] : null);
  }
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type) || arrow.DataType.isDictionary(type)) {
    const strings = readStrings(data, length, lowCardinality ? new Map() : undefined);
    return (i) => strings[i];
  }
  if (arrow.DataType.isList(type) && data.children[0] && isStringType(data.children[0].type)) {
    const child = data.children[0];
    const offsets = data.valueOffsets as Int32Array;
    const first = offsets[data.offset];
    const last = offsets[data.offset + length];
    // The child's strings from the first list's start on; slots before `first` are not ours.
    const items = readStrings(child, last, new Map());
    return (i) => {
      if (!isValid(data, i)) return null;
      return items.slice(offsets[data.offset + i], offsets[data.offset + i + 1]);
    };
  }
  return genericReader(vector);
}

function isStringType(type: arrow.DataType): boolean {
  return arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type);
}

/** Any other layout (several chunks, narrow integers, unusual types), value by value. */
function genericReader(vector: arrow.Vector): ColumnReader {
  const type = vector.type;
  if (arrow.DataType.isTimestamp(type) || (arrow.DataType.isInt(type) && type.bitWidth === 64)) {
    return (i) => {
      if (!vector.isValid(i)) return null;
      const { data, index } = chunkOf(vector, i);
      const raw = (data.values as BigInt64Array)[data.offset + index];
      if (!arrow.DataType.isTimestamp(type)) return raw;
      if (type.unit === arrow.TimeUnit.NANOSECOND) return Number(floorDiv(raw, 1000n));
      return Number(raw) * [1e6, 1e3, 1][type.unit];
    };
  }
  if (arrow.DataType.isInt(type) || isStringType(type) || arrow.DataType.isDictionary(type)) {
    return (i) => (vector.isValid(i) ? vector.get(i) : null);
  }
  if (arrow.DataType.isList(type)) {
    return (i) => {
      if (!vector.isValid(i)) return null;
      const items = vector.get(i) as arrow.Vector;
      const list: unknown[] = [];
      for (let k = 0; k < items.length; k++) list.push(items.get(k));
      return list;
    };
  }
  const unsupported = new UnsupportedValue(String(type));
  return (i) => (vector.isValid(i) ? unsupported : null);
}

function chunkOf(vector: arrow.Vector, i: number): { data: arrow.Data; index: number } {
  let index = i;
  for (const data of vector.data) {
    if (index < data.length) return { data, index };
    index -= data.length;
  }
  throw new RangeError(`row ${i} out of range`);
}

/**
 * Builds the Arrow table of `events` in a dataset's `schema`: our own when we
 * create it, another tool's when we append (its nullability, its integer and
 * timestamp widths, its extra nullable columns left null). Refuses when the
 * dataset cannot hold an event: a contract column it lacks, a non-nullable
 * column an event leaves empty, a type the contract does not allow.
 */
export function labelEventsToArrow(events: readonly LabelEvent[], schema: arrow.Schema, uri: string): arrow.Table {
  const names = new Set(schema.fields.map((field) => field.name));
  for (const column of REQUIRED_LABEL_COLUMNS) {
    if (!names.has(column)) throw inputError(`${uri} has no ${column} column: it is not a labels dataset`, { file: uri, field: column });
  }
  for (const column of LABEL_COLUMNS) {
    if (names.has(column)) continue;
    const event = events.find((e) => e[column] !== null);
    if (event) throw inputError(`event ${event.event_id}: ${uri} has no ${column} column`, { file: uri, field: column });
  }
  const children = schema.fields.map((field) => buildColumn(field, events, uri).data[0]);
  const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: events.length, nullCount: 0, children }));
  return new arrow.Table([batch]);
}

function buildColumn(field: arrow.Field, events: readonly LabelEvent[], uri: string): arrow.Vector {
  const known = CONTRACT.has(field.name);
  const values: unknown[] = events.map((event) => (known ? event[field.name as LabelColumn] : null));
  if (!field.nullable) {
    const index = values.findIndex((value) => value === null);
    if (index >= 0) {
      const what = known ? `leaves ${field.name} empty` : `has no value for ${field.name}`;
      throw inputError(`event ${events[index].event_id} ${what}, a non-nullable column of ${uri}`, { file: uri, field: field.name });
    }
  }
  const type = field.type;
  const badType = () => inputError(`${uri}: column ${field.name} has Arrow type ${type}, which the labels contract does not allow`, { file: uri, field: field.name });
  if (arrow.DataType.isTimestamp(type)) {
    const factor = [1e-6, 1e-3, 1, 1e3][type.unit];
    return int64Vector(type, values.map((v) => (v === null ? null : BigInt(Math.floor((v as number) * factor)))));
  }
  if (arrow.DataType.isInt(type) && type.bitWidth === 64) return int64Vector(type, values.map((v) => (v === null ? null : BigInt(v as number))));
  if (known && arrow.DataType.isInt(type)) return built(type, values);
  if (known && !stringLike(type, field.name)) throw badType();
  return built(type, values);
}

function stringLike(type: arrow.DataType, column: string): boolean {
  if (column === 'record_ids' || column === 'shown_order') {
    return (arrow.DataType.isList(type)) && stringLike(type.children[0].type, '');
  }
  return arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type);
}

function built(type: arrow.DataType, values: unknown[]): arrow.Vector {
  const builder = arrow.makeBuilder({ type, nullValues: [null, undefined] });
  for (const value of values) builder.append(value);
  return builder.finish().toVector();
}

/** Int64 and timestamp columns from exact integers (arrow's builders go through milliseconds). */
function int64Vector(type: arrow.DataType, values: (bigint | null)[]): arrow.Vector {
  const data = new BigInt64Array(values.length);
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null) nullCount++;
    else {
      data[i] = value;
      bitmap[i >> 3] |= 1 << (i & 7);
    }
  });
  return arrow.makeVector(arrow.makeData({ type: type as arrow.Int64, length: values.length, nullCount, nullBitmap: nullCount ? bitmap : undefined, data }));
}
