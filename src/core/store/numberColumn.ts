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
}

/** One column from the batches' values in row order, sparse when few rows are set. */
export function numberColumnOf(parts: readonly Float64Array[]): NumberColumn {
  let length = 0;
  let set = 0;
  for (const part of parts) {
    length += part.length;
    for (let i = 0; i < part.length; i++) if (!Number.isNaN(part[i])) set++;
  }
  if (set > length * SPARSE_SHARE) {
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
