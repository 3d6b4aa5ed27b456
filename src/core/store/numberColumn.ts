import { RowRanges } from './rowRanges';
import { grownArray } from './grownArray';

/**
 * A number column that is mostly null (NaN), like `expires_at` and
 * `retired_at`: only its non-null rows are kept (rows and values, looked up by
 * binary search), so ten million rows of which a few are set cost a few bytes,
 * not eight bytes a row. A column that is mostly set stays a plain array.
 */
export interface NumberColumn {
  readonly length: number;
  /** The value of `row`, NaN when null. */
  at(row: number): number;
}

/** Below this share of set rows a column keeps only its set rows (12 B each instead of 8 B for every row). */
const SPARSE_SHARE = 0.5;

class DenseNumbers implements NumberColumn {
  constructor(private readonly values: Float64Array) {}

  get length(): number {
    return this.values.length;
  }

  at(row: number): number {
    return this.values[row];
  }
}

/** Stands for NaN in a column of integers (never a value: `integerRange` leaves it out). */
const INT32_NULL = -0x80000000;
/** Stands for NaN in a column of small integers. */
const UINT16_NULL = 0xffff;

/** Whether every value is an integer (or NaN) that fits 16 bits, 32 bits, or neither. */
function integerRange(values: Float64Array): 16 | 32 | undefined {
  let small = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) continue;
    if (!Number.isInteger(value) || value <= INT32_NULL || value > 0x7fffffff || Object.is(value, -0)) return undefined;
    if (value < 0 || value >= UINT16_NULL) small = false;
  }
  return small ? 16 : 32;
}

/** A mostly set column of integers (token counts): two bytes a row while every value is below 65535, else four. */
class DenseIntegers implements NumberColumn {
  private readonly missing: number;

  constructor(private readonly values: Int32Array | Uint16Array) {
    this.missing = values instanceof Uint16Array ? UINT16_NULL : INT32_NULL;
  }

  get length(): number {
    return this.values.length;
  }

  at(row: number): number {
    const value = this.values[row];
    return value === this.missing ? NaN : value;
  }
}

class SparseNumbers implements NumberColumn {
  constructor(
    readonly length: number,
    /** Ascending. */
    private readonly rows: Int32Array,
    private readonly values: Float64Array,
  ) {}

  at(row: number): number {
    const rows = this.rows;
    let low = 0;
    let high = rows.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = rows[mid];
      if (at === row) return this.values[mid];
      if (at < row) low = mid + 1;
      else high = mid - 1;
    }
    return NaN;
  }

  /** The set rows, ascending, and their values (views of the column's own arrays: read, never write). */
  setValues(): SparseValues {
    return { rows: this.rows, values: this.values };
  }
}

/** The set rows of a column, ascending, and their values. */
export interface SparseValues {
  readonly rows: Int32Array;
  readonly values: Float64Array;
}

/**
 * The set rows and values of a column kept sparse, to walk in row order (one
 * pass over two arrays where reading row after row is a binary search each);
 * undefined for a column kept whole, which is read row by row.
 */
export function sparseValuesOf(column: NumberColumn): SparseValues | undefined {
  return column instanceof SparseNumbers ? column.setValues() : undefined;
}

/**
 * A column of runs that count up by one (Lance row addresses: a fragment's
 * rows are numbered in order), or stay NaN: one start per run instead of a
 * value per row.
 */
class CountingRuns implements NumberColumn {
  private readonly runs: RowRanges;

  constructor(
    readonly length: number,
    /** First row of each run, ascending, the first one 0. */
    firstRows: Int32Array,
    /** Value of each run's first row (NaN for a run of NaNs). */
    private readonly firstValues: Float64Array,
  ) {
    this.runs = new RowRanges(firstRows);
  }

  at(row: number): number {
    const run = this.runs.indexOf(row);
    return this.firstValues[run] + (row - this.runs.firstRows[run]);
  }
}

/** Row addresses: runs counting up by one when there are few of them, else a plain array. */
export function countingColumnOf(parts: readonly Float64Array[]): NumberColumn {
  const firstRows: number[] = [];
  const firstValues: number[] = [];
  let length = 0;
  let previous = NaN;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++, length++) {
      const value = part[i];
      const continues = length > 0 && (Number.isNaN(value) ? Number.isNaN(previous) : value === previous + 1);
      if (!continues) {
        firstRows.push(length);
        firstValues.push(value);
      }
      previous = value;
    }
  }
  if (firstRows.length * 4 > length) return numberColumnOf(parts, 0);
  return new CountingRuns(length, Int32Array.from(firstRows), Float64Array.from(firstValues));
}

/** One column from the batches' values in row order, sparse when few rows are set. */
export function numberColumnOf(parts: readonly Float64Array[], sparseShare = SPARSE_SHARE): NumberColumn {
  let length = 0;
  let set = 0;
  for (const part of parts) {
    length += part.length;
    for (let i = 0; i < part.length; i++) if (!Number.isNaN(part[i])) set++;
  }
  if (set >= length * sparseShare) {
    const ranges = parts.map(integerRange);
    if (ranges.every((range) => range !== undefined)) {
      const small = ranges.every((range) => range === 16);
      const values = small ? new Uint16Array(length) : new Int32Array(length);
      const missing = small ? UINT16_NULL : INT32_NULL;
      let at = 0;
      for (const part of parts) for (let i = 0; i < part.length; i++) values[at++] = Number.isNaN(part[i]) ? missing : part[i];
      return new DenseIntegers(values);
    }
    const values = new Float64Array(length);
    let at = 0;
    for (const part of parts) {
      values.set(part, at);
      at += part.length;
    }
    return new DenseNumbers(values);
  }
  const rows = new Int32Array(set);
  const values = new Float64Array(set);
  let k = 0;
  let base = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      if (Number.isNaN(part[i])) continue;
      rows[k] = base + i;
      values[k++] = part[i];
    }
    base += part.length;
  }
  return new SparseNumbers(length, rows, values);
}

/**
 * Collects the set rows of a number column, in any order, into the sparse
 * form (dense when most rows end up set): no Map entry, and no 8 bytes for
 * every unset row, while it is built.
 */
export class NumberColumnBuilder {
  private rows = new Int32Array(1024);
  private values = new Float64Array(1024);
  private count = 0;
  private ascending = true;

  constructor(private readonly length: number) {}

  set(row: number, value: number): void {
    if (this.count === this.rows.length) {
      this.rows = grownArray(this.rows);
      this.values = grownArray(this.values);
    }
    if (this.count > 0 && row <= this.rows[this.count - 1]) this.ascending = false;
    this.rows[this.count] = row;
    this.values[this.count++] = value;
  }

  build(): NumberColumn {
    let rows = this.rows.subarray(0, this.count);
    let values = this.values.subarray(0, this.count);
    if (this.count > this.length * SPARSE_SHARE) {
      const dense = new Float64Array(this.length).fill(NaN);
      for (let k = 0; k < rows.length; k++) dense[rows[k]] = values[k];
      return new DenseNumbers(dense);
    }
    if (!this.ascending) {
      // The last value set for a row wins, as with a plain array.
      const order = Int32Array.from(rows.keys()).sort((a, b) => rows[a] - rows[b] || b - a);
      const kept = order.filter((k, i) => i === 0 || rows[order[i - 1]] !== rows[k]);
      rows = Int32Array.from(kept, (k) => rows[k]);
      values = Float64Array.from(kept, (k) => values[k]);
    }
    return new SparseNumbers(this.length, Int32Array.from(rows), Float64Array.from(values));
  }
}

/** A column of `length` rows, all NaN, with a few rows set in any order (kept sparse). */
export function sparseNumberColumn(length: number, set: ReadonlyMap<number, number>): NumberColumn {
  const builder = new NumberColumnBuilder(length);
  for (const [row, value] of set) builder.set(row, value);
  return builder.build();
}

/** `base` with some rows' values replaced (the review's rank decisions). */
export function numberColumnWith(base: NumberColumn, replacements: ReadonlyMap<number, number>): NumberColumn {
  return {
    length: base.length,
    at: (row) => replacements.get(row) ?? base.at(row),
  };
}

/**
 * Columns of consecutive row ranges (a scan's batches, each kept in its own
 * compact form) read as one, without copying them.
 */
export function concatNumberColumns(parts: readonly NumberColumn[]): NumberColumn {
  if (parts.length === 1) return parts[0];
  return new ConcatNumbers(parts);
}

class ConcatNumbers implements NumberColumn {
  readonly length: number;
  private readonly ranges: RowRanges;

  constructor(private readonly parts: readonly NumberColumn[]) {
    this.ranges = RowRanges.ofLengths(parts.map((part) => part.length));
    this.length = parts.reduce((sum, part) => sum + part.length, 0);
  }

  at(row: number): number {
    const part = this.ranges.indexOf(row);
    return this.parts[part].at(row - this.ranges.firstRows[part]);
  }
}

type Growable = Float64Array | Uint32Array;

/**
 * A typed array filled batch by batch; sized to the expected length (a scan
 * of a known size), so it is never copied, else grown by doubling.
 */
export class Appender<T extends Growable> {
  private values: T;
  private count = 0;

  constructor(
    expected: number,
    private readonly make: (length: number) => T,
  ) {
    this.values = make(Math.max(expected, 1024));
  }

  /** Room for `length` more values: the array to write them to and where. */
  reserve(length: number): { values: T; at: number } {
    if (this.count + length > this.values.length) {
      const grown = this.make(Math.max(this.values.length * 2, this.count + length));
      grown.set(this.values.subarray(0, this.count));
      this.values = grown;
    }
    const at = this.count;
    this.count += length;
    return { values: this.values, at };
  }

  finish(): T {
    return (this.count === this.values.length ? this.values : this.values.slice(0, this.count)) as T;
  }
}
