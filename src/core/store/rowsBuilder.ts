import { grownArray } from './grownArray';

/** Rows collected one at a time into a typed array (no JS array of every removed row). */
export class RowsBuilder {
  private rows = new Int32Array(256);
  private count = 0;

  push(row: number): void {
    if (this.count === this.rows.length) this.rows = grownArray(this.rows);
    this.rows[this.count++] = row;
  }

  build(): Int32Array {
    return this.rows.slice(0, this.count);
  }
}
