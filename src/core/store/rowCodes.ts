/** One code per row, as narrow as the column's distinct values allow. */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * The codes of a column where one code covers nearly every row (a lifecycle
 * status that is `active`, a retired reason or superseding id that is null,
 * a label that is absent): that code, and only the other rows with theirs.
 * A column of one value keeps no row at all. Ten million rows of which a few
 * thousand differ cost kilobytes, not ten megabytes.
 */
export class SparseCodes {
  /** Index into `rows` of the first other row at or after the last row read (rows are mostly read in order). */
  private next = 0;
  private lastRow = -1;

  constructor(
    readonly length: number,
    /** The code of every row not in `rows`. */
    readonly common: number,
    /** The other rows, ascending. */
    private readonly rows: Int32Array,
    private readonly codes: Codes,
  ) {}

  at(row: number): number {
    const rows = this.rows;
    if (rows.length === 0) return this.common;
    let next = this.next;
    if (row >= this.lastRow) {
      // Forward reads move a cursor: a pass over every row is linear.
      while (next < rows.length && rows[next] < row) next++;
    } else {
      let low = 0;
      let high = rows.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (rows[mid] < row) low = mid + 1;
        else high = mid;
      }
      next = low;
    }
    this.next = next;
    this.lastRow = row;
    return next < rows.length && rows[next] === row ? this.codes[next] : this.common;
  }

  /** Every row's code. */
  toArray(): Uint32Array {
    const out = new Uint32Array(this.length).fill(this.common);
    for (let k = 0; k < this.rows.length; k++) out[this.rows[k]] = this.codes[k];
    return out;
  }
}

/**
 * `codes` as they take least memory: the array itself, or {@link SparseCodes}
 * when storing the rows off the most common code takes less than half of it.
 */
export function compactCodes(codes: Codes): Codes | SparseCodes {
  const length = codes.length;
  if (length === 0) return codes;
  const counts = new Uint32Array(maxOf(codes) + 1);
  for (let row = 0; row < length; row++) counts[codes[row]]++;
  let common = 0;
  for (let code = 1; code < counts.length; code++) if (counts[code] > counts[common]) common = code;
  const others = length - counts[common];
  const width = codes.BYTES_PER_ELEMENT;
  if (others * (4 + width) * 2 > length * width) return codes;
  const rows = new Int32Array(others);
  const otherCodes = new (codes.constructor as new (length: number) => Codes)(others);
  let k = 0;
  for (let row = 0; row < length; row++) {
    const code = codes[row];
    if (code === common) continue;
    rows[k] = row;
    otherCodes[k++] = code;
  }
  return new SparseCodes(length, common, rows, otherCodes);
}

function maxOf(codes: Codes): number {
  let max = 0;
  for (let row = 0; row < codes.length; row++) if (codes[row] > max) max = codes[row];
  return max;
}
