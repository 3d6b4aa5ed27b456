import * as arrow from 'apache-arrow';

/**
 * Fast readers from Arrow column chunks into JS arrays. They read the buffers
 * directly (offsets, values, validity bitmaps) instead of `Vector.get`, which
 * decodes through a generic visitor per value.
 */

type AnyData = arrow.Data<arrow.DataType>;

/** The single chunk of a column in a record batch, or undefined when absent. */
export function columnData(batch: arrow.RecordBatch, name: string): AnyData | undefined {
  const vector = batch.getChild(name);
  if (!vector) return undefined;
  if (vector.data.length !== 1) throw new Error(`column ${name}: expected one chunk per batch`);
  return vector.data[0];
}

/** True when slot `i` of `data` holds a value. */
export function isValid(data: AnyData, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return true;
  const bit = data.offset + i;
  return (bitmap[bit >> 3] & (1 << (bit & 7))) !== 0;
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Byte range of slot `i` of a (Large)Utf8/(Large)Binary chunk. */
export interface ByteRanges {
  bytes: Buffer;
  start(i: number): number;
  end(i: number): number;
}

export function byteRanges(data: AnyData): ByteRanges {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const base = data.offset;
  const bytes = bufferOf(data.values as Uint8Array);
  if (offsets instanceof BigInt64Array) {
    return { bytes, start: (i) => Number(offsets[base + i]), end: (i) => Number(offsets[base + i + 1]) };
  }
  return { bytes, start: (i) => offsets[base + i], end: (i) => offsets[base + i + 1] };
}

/**
 * Reads a string column (Utf8, LargeUtf8, or Binary/LargeBinary decoded as UTF-8
 * with replacement of invalid sequences, like `String::from_utf8_lossy`).
 * `intern` deduplicates repeated values so low-cardinality columns share strings.
 */
export function readStrings(data: AnyData | undefined, length: number, intern?: Map<string, string>): (string | null)[] {
  const out: (string | null)[] = new Array(length).fill(null);
  if (!data) return out;
  if (arrow.DataType.isDictionary(data.type)) return readDictionary(data, length);
  const ranges = byteRanges(data);
  const bytes = ranges.bytes;
  let previous: string | null = null;
  let previousStart = 0;
  let previousEnd = 0;
  for (let i = 0; i < length; i++) {
    if (!isValid(data, i)) continue;
    const start = ranges.start(i);
    const end = ranges.end(i);
    // Low-cardinality columns repeat in runs (a session's rows are together): reuse the last string.
    if (intern && previous !== null && sameBytes(bytes, previousStart, previousEnd, start, end)) {
      out[i] = previous;
      continue;
    }
    const value = utf8Slice(bytes, start, end);
    if (intern) {
      const shared = intern.get(value);
      if (shared === undefined) {
        intern.set(value, value);
        out[i] = value;
      } else {
        out[i] = shared;
      }
      previous = out[i];
      previousStart = start;
      previousEnd = end;
    } else {
      out[i] = value;
    }
  }
  return out;
}

/** Short byte ranges compared in JS (a native call costs more than the loop). */
function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart || length > 64) return false;
  for (let k = 0; k < length; k++) if (bytes[aStart + k] !== bytes[bStart + k]) return false;
  return true;
}

type SliceDecoder = (this: Buffer, start: number, end: number) => string;
// Buffer#utf8Slice is what toString('utf8', start, end) calls after checking its arguments.
const nativeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: SliceDecoder }).utf8Slice;

/** Decodes UTF-8 bytes `[start, end)` of a Buffer. */
export function utf8Slice(bytes: Buffer, start: number, end: number): string {
  return nativeUtf8Slice ? nativeUtf8Slice.call(bytes, start, end) : bytes.toString('utf8', start, end);
}

/** Reads a dictionary-encoded string column, decoding the dictionary once. */
export function readDictionary(data: AnyData, length: number): (string | null)[] {
  const dictionary = data.dictionary as arrow.Vector | undefined;
  const words = dictionary ? readStrings(dictionary.data[0], dictionary.length) : [];
  const keys = data.values as Int8Array | Int16Array | Int32Array;
  const out: (string | null)[] = new Array(length).fill(null);
  for (let i = 0; i < length; i++) {
    if (isValid(data, i)) out[i] = words[keys[data.offset + i]] ?? null;
  }
  return out;
}

/** Reads a Timestamp(µs) column into microseconds (NaN for null). */
export function readMicros(data: AnyData | undefined, length: number, into?: Float64Array, at = 0): Float64Array {
  const out = into ?? new Float64Array(length);
  if (!data) {
    out.fill(NaN, at, at + length);
    return out;
  }
  const values = data.values as BigInt64Array;
  const scale = timestampScaleToMicros(data.type as arrow.Timestamp);
  for (let i = 0; i < length; i++) {
    out[at + i] = isValid(data, i) ? Number(values[data.offset + i]) * scale : NaN;
  }
  return out;
}

function timestampScaleToMicros(type: arrow.Timestamp): number {
  switch (type.unit) {
    case arrow.TimeUnit.SECOND:
      return 1_000_000;
    case arrow.TimeUnit.MILLISECOND:
      return 1000;
    case arrow.TimeUnit.NANOSECOND:
      return 0.001;
    default:
      return 1;
  }
}

/** Reads an integer column (Int32/Int64) as doubles (NaN for null). */
export function readNumbers(data: AnyData | undefined, length: number): Float64Array {
  const out = new Float64Array(length).fill(NaN);
  if (!data) return out;
  const values = data.values as Int32Array | BigInt64Array | Float32Array | Float64Array;
  for (let i = 0; i < length; i++) {
    if (isValid(data, i)) out[i] = Number(values[data.offset + i]);
  }
  return out;
}

/** Child `name` of a struct chunk, with the struct's own validity folded in by the caller. */
export function structChild(data: AnyData | undefined, name: string): AnyData | undefined {
  if (!data || !arrow.DataType.isStruct(data.type)) return undefined;
  const index = data.type.children.findIndex((field) => field.name === name);
  return index < 0 ? undefined : data.children[index];
}

/**
 * Copies the vectors of a FixedSizeList<Float32> chunk for the rows `rows`
 * (row indices within the chunk) into `target` at `slots` (vector slots).
 * Returns for each row whether it had a vector.
 */
export function readVectorInto(data: AnyData, row: number, target: Float32Array, slot: number): boolean {
  if (!isValid(data, row)) return false;
  const dim = (data.type as arrow.FixedSizeList).listSize;
  const child = data.children[0];
  const values = child.values as Float32Array;
  const start = (child.offset + (data.offset + row) * dim);
  target.set(values.subarray(start, start + dim), slot * dim);
  return true;
}
