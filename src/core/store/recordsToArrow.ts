import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { ContextRecord } from './contextRecord';
import { toRustJson } from '../json/rustJson';
import { SerdeValue, toRustTree } from '../json/serdeValue';

/**
 * Builds the Arrow table of `records` for a context store `schema` (the
 * store's own when appending, so older stores keep their columns). Columns the
 * Arrow builders get wrong are laid out by hand: µs timestamps (the builders
 * take milliseconds) and nullable fixed-size vectors.
 */
export function recordsToArrow(records: readonly ContextRecord[], schema: arrow.Schema): arrow.Table {
  const columns: Record<string, arrow.Vector> = {};
  for (const field of schema.fields) {
    columns[field.name] = buildColumn(field, records);
  }
  const batch = new arrow.RecordBatch(
    schema,
    arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: records.length,
      nullCount: 0,
      children: schema.fields.map((field) => columns[field.name].data[0]),
    }),
  );
  return new arrow.Table([batch]);
}

function buildColumn(field: arrow.Field, records: readonly ContextRecord[]): arrow.Vector {
  const values = records.map((record) => valueFor(field.name, record));
  const type = field.type;
  if (arrow.DataType.isTimestamp(type) || (arrow.DataType.isInt(type) && type.bitWidth === 64)) return int64Vector(type, values as (number | null)[]);
  if (arrow.DataType.isFixedSizeList(type)) return vectorColumn(type, values as (Float32Array | null)[], field.name, records);
  if (field.name === 'text_payload' && (type.typeId === arrow.Type.LargeBinary || type.typeId === arrow.Type.Binary)) {
    const encoder = new TextEncoder();
    return built(type, values.map((v) => (v === null ? null : encoder.encode(v as string))));
  }
  return built(type, values);
}

function built(type: arrow.DataType, values: unknown[]): arrow.Vector {
  const builder = arrow.makeBuilder({ type, nullValues: [null, undefined] });
  for (const value of values) builder.append(value);
  return builder.finish().toVector();
}

function valueFor(column: string, record: ContextRecord): unknown {
  switch (column) {
    case 'metadata':
      // Compact JSON with sorted keys, as lance-context stores `serde_json::Value::to_string()`.
      return record.metadata === null || record.metadata === undefined ? null : toRustJson(toRustTree(record.metadata as SerdeValue));
    case 'relationships':
      return record.relationships.length === 0 ? null : record.relationships;
    default:
      return (record as unknown as Record<string, unknown>)[column] ?? null;
  }
}

function validity(values: readonly unknown[]): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null || value === undefined) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  });
  return { bitmap, nullCount };
}

/** Int64 and Timestamp(µs) columns from exact integer values (the builders go through milliseconds or lose bigints). */
function int64Vector(type: arrow.DataType, values: (number | null)[]): arrow.Vector {
  const data = new BigInt64Array(values.length);
  values.forEach((value, i) => {
    if (value !== null && value !== undefined) data[i] = BigInt(value);
  });
  const { bitmap, nullCount } = validity(values);
  return arrow.makeVector(arrow.makeData({ type: type as arrow.Int64, length: values.length, nullCount, nullBitmap: nullCount ? bitmap : undefined, data }));
}

function vectorColumn(type: arrow.FixedSizeList, values: (Float32Array | null)[], name: string, records: readonly ContextRecord[]): arrow.Vector {
  const dim = type.listSize;
  const flat = new Float32Array(values.length * dim);
  values.forEach((value, i) => {
    if (!value) return;
    if (value.length !== dim) {
      throw new CuratorError('input', `record ${records[i].id}: ${name} has ${value.length} dimensions, the store expects ${dim}`, {
        recordId: records[i].id,
        field: name,
      });
    }
    flat.set(value, i * dim);
  });
  const { bitmap, nullCount } = validity(values);
  const child = arrow.makeData({ type: type.children[0].type as arrow.Float32, length: flat.length, nullCount: 0, data: flat });
  return arrow.makeVector(arrow.makeData({ type, length: values.length, nullCount, nullBitmap: nullCount ? bitmap : undefined, child }));
}
