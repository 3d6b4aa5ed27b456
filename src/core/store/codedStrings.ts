/**
 * A string column of repeated values (roles, statuses, session and run ids):
 * one small code per row into the column's distinct values. A million rows
 * cost a byte or two each, not a pointer each.
 */
export class CodedStrings<T extends string | null = string | null> {
  constructor(
    private readonly values: readonly T[],
    private readonly codes: Uint8Array | Uint16Array | Uint32Array,
  ) {}

  get length(): number {
    return this.codes.length;
  }

  /** The value of `row`. */
  at(row: number): T {
    return this.values[this.codes[row]];
  }

  /** The code of `row`'s value (an index into the distinct values), for counting by value without a map lookup per row. */
  codeAt(row: number): number {
    return this.codes[row];
  }

  /** How many distinct values the column holds (codes run from 0 to this, exclusive). */
  get distinct(): number {
    return this.values.length;
  }

  /** The value a code stands for. */
  valueOf(code: number): T {
    return this.values[code];
  }

  /** Builds a column from batches of values sharing one dictionary; codes take the fewest bytes the dictionary allows. */
  static builder<T extends string | null>(): CodedStringsBuilder<T> {
    return new CodedStringsBuilder<T>();
  }
}

export class CodedStringsBuilder<T extends string | null> {
  private readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  private readonly parts: Uint32Array[] = [];
  private total = 0;

  /** Adds one batch's values, in row order. */
  add(batch: readonly T[]): void {
    const codes = new Uint32Array(batch.length);
    let previous: T | undefined;
    let previousCode = 0;
    for (let i = 0; i < batch.length; i++) {
      const value = batch[i];
      // Values repeat in runs (a session's rows sit together): skip the lookup.
      if (value === previous && i > 0) {
        codes[i] = previousCode;
        continue;
      }
      let code = this.index.get(value);
      if (code === undefined) {
        code = this.values.push(value) - 1;
        this.index.set(value, code);
      }
      codes[i] = previousCode = code;
      previous = value;
    }
    this.parts.push(codes);
    this.total += batch.length;
  }

  build(): CodedStrings<T> {
    const distinct = this.values.length;
    const codes = distinct <= 0x100 ? new Uint8Array(this.total) : distinct <= 0x10000 ? new Uint16Array(this.total) : new Uint32Array(this.total);
    let at = 0;
    for (const part of this.parts.splice(0)) {
      codes.set(part, at);
      at += part.length;
    }
    return new CodedStrings<T>(this.values, codes);
  }
}
