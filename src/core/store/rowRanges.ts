/**
 * Consecutive row ranges given by their first rows (a column's chunks, runs
 * or batches): which range holds a row. Rows are mostly asked in order, so
 * the last range found and the one after it are tried before a binary search.
 */
export class RowRanges {
  private last = 0;

  /** `firstRows` ascending; equal entries are empty ranges, and a row belongs to the last range starting at or before it. */
  constructor(readonly firstRows: Int32Array) {}

  get count(): number {
    return this.firstRows.length;
  }

  /** First rows of parts of the given lengths, laid end to end. */
  static ofLengths(lengths: readonly number[]): RowRanges {
    const firstRows = new Int32Array(lengths.length);
    let rows = 0;
    lengths.forEach((length, i) => {
      firstRows[i] = rows;
      rows += length;
    });
    return new RowRanges(firstRows);
  }

  /** The range holding `row` (at or after the first range's first row). */
  indexOf(row: number): number {
    const firstRows = this.firstRows;
    const last = this.last;
    if (firstRows[last] <= row && (last + 1 === firstRows.length || row < firstRows[last + 1])) return last;
    const next = last + 1;
    if (next < firstRows.length && firstRows[next] <= row && (next + 1 === firstRows.length || row < firstRows[next + 1])) return (this.last = next);
    let low = 0;
    let high = firstRows.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (firstRows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return (this.last = low);
  }
}
