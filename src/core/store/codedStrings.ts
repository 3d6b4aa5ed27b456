/**
 * A string column of repeated values (roles, statuses, session and run ids):
 * one small code per row into the column's distinct values. A million rows
 * cost a byte or two each, not a pointer each.
 */
export class CodedStrings<T extends string | null | undefined = string | null> {
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
  valueOfCode(code: number): T {
    return this.values[code];
  }

  /** A copy with some rows' values replaced (the review's label decisions). */
  withValues(replacements: ReadonlyMap<number, T>): CodedStrings<T> {
    const values = [...this.values];
    const index = new Map(values.map((value, code) => [value, code]));
    const codes = Uint32Array.from(this.codes);
    for (const [row, value] of replacements) {
      let code = index.get(value);
      if (code === undefined) index.set(value, (code = values.push(value) - 1));
      codes[row] = code;
    }
    return new CodedStrings(values, narrow(codes, values.length));
  }

  /** Builds a column from batches of values sharing one dictionary; codes take the fewest bytes the dictionary allows. */
  static builder<T extends string | null | undefined>(): CodedStringsBuilder<T> {
    return new CodedStringsBuilder<T>();
  }

  /** A column of `length` rows, all `initial`, whose rows are then set in any order. */
  static writer<T extends string | null | undefined>(length: number, initial: T): CodedStringsWriter<T> {
    return new CodedStringsWriter(length, initial);
  }
}

/** The narrowest code array for `distinct` values, holding `codes`. */
function narrow(codes: Uint32Array, distinct: number): Uint8Array | Uint16Array | Uint32Array {
  if (distinct > 0x10000) return codes;
  return distinct <= 0x100 ? Uint8Array.from(codes) : Uint16Array.from(codes);
}

/** A code array wide enough for `distinct` values. */
function codesFor(length: number, distinct: number): Uint8Array | Uint16Array | Uint32Array {
  return distinct <= 0x100 ? new Uint8Array(length) : distinct <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

export class CodedStringsWriter<T extends string | null | undefined> {
  private readonly values: T[];
  private readonly index: Map<T, number>;
  /** As narrow as the values so far allow, widened when they outgrow it: a column of ten million rows starts at a byte each. */
  private codes: Uint8Array | Uint16Array | Uint32Array;

  constructor(length: number, initial: T) {
    this.values = [initial];
    this.index = new Map([[initial, 0]]);
    this.codes = new Uint8Array(length);
  }

  set(row: number, value: T): void {
    let code = this.index.get(value);
    if (code === undefined) {
      this.index.set(value, (code = this.values.push(value) - 1));
      if (code > maxCode(this.codes)) {
        const wider = codesFor(this.codes.length, this.values.length);
        wider.set(this.codes);
        this.codes = wider;
      }
    }
    this.codes[row] = code;
  }

  build(): CodedStrings<T> {
    return new CodedStrings(this.values, this.codes);
  }
}

function maxCode(codes: Uint8Array | Uint16Array | Uint32Array): number {
  return codes instanceof Uint8Array ? 0xff : codes instanceof Uint16Array ? 0xffff : 0xffffffff;
}

export class CodedStringsBuilder<T extends string | null | undefined> {
  private readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  /** Each batch's codes, as narrow as the dictionary was when it came (it only grows). */
  private readonly parts: (Uint8Array | Uint16Array | Uint32Array)[] = [];
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
    this.parts.push(narrow(codes, this.values.length));
    this.total += batch.length;
  }

  build(): CodedStrings<T> {
    const distinct = this.values.length;
    const codes = codesFor(this.total, distinct);
    // Copied part by part into the narrow array: no full-width copy of every row at once.
    let at = 0;
    for (const part of this.parts.splice(0)) {
      codes.set(part, at);
      at += part.length;
    }
    return new CodedStrings<T>(this.values, codes);
  }
}
