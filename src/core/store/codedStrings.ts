import * as arrow from 'apache-arrow';
import { readDictionary } from './arrowColumns';
import { ByteDictionaryBuilder } from './byteDictionary';
import { ByteSpill, ByteStrings } from './byteStrings';
import { IdHasher } from './idColumn';
import { Codes, compactCodes, SparseCodes } from './rowCodes';

/**
 * Past this many distinct values a column keeps them as UTF-8 bytes, decoded
 * on demand. Up to it the values are a few megabytes of JS strings at most
 * (65,536 of about 60 bytes), read by an array index: the columns of a few
 * values (roles, statuses, tenants, labels) stay so, whatever the store's
 * size. A column past it has a value per session or group, which grows with
 * the store (two million sessions in ten million records: 110 MB of strings
 * the garbage collector traces for the whole run); its codes take 4 bytes
 * from there on anyway.
 */
export const BYTE_DICTIONARY_PAST = 0x10000;

let defaultBytesPast = BYTE_DICTIONARY_PAST;

/**
 * Keeps dictionaries of more than `count` values as bytes from now on (0:
 * every one), for tests that run whole exports both ways; returns the
 * threshold it replaces. The output is the same either way.
 */
export function setByteDictionaryThreshold(count: number): number {
  const previous = defaultBytesPast;
  defaultBytesPast = count;
  return previous;
}

/** How a builder or writer indexes its values (tests force collisions and a small threshold). */
export interface DictionaryOptions {
  /** More distinct values than this are kept as bytes. */
  bytesPast?: number;
  hasher?: IdHasher;
}

/** The distinct values of a large column: one row of bytes per code; codes of null, undefined or strings UTF-8 cannot hold are in `held`. */
export interface ByteValues {
  readonly bytes: ByteStrings;
  readonly held: ReadonlyMap<number, string | null | undefined>;
  /** The code of null, or -1. */
  readonly nullCode: number;
  /** Where a copy with replaced values spills (a review's labels). */
  readonly spill?: ByteSpill;
}


/**
 * A string column of repeated values (roles, statuses, session and run ids):
 * one small code per row into the column's distinct values. A million rows
 * cost a byte or two each, not a pointer each. A column of many distinct
 * values (past {@link BYTE_DICTIONARY_PAST}) keeps them as UTF-8 bytes, spilled
 * like any byte column under a memory budget, and decodes one when read (the
 * last one read is kept: rows of a value sit together).
 */
export class CodedStrings<T extends string | null | undefined = string | null> {
  private lastCode = -1;
  private lastValue: T | undefined;
  /** Prefixes asked of {@link anyValueStartsWith}, answered once (the dictionary does not change). */
  private readonly prefixes = new Map<string, boolean>();

  /** A row's code in an array, unless the column is mostly one value ({@link compactCodes}). */
  private readonly dense: Codes | undefined;
  private readonly sparse: SparseCodes | undefined;

  /** Made by {@link CodedStrings.of}, a builder or a writer. */
  constructor(
    private readonly values: readonly T[] | undefined,
    private readonly byteValues: ByteValues | undefined,
    codes: Codes | SparseCodes,
  ) {
    if (codes instanceof SparseCodes) this.sparse = codes;
    else this.dense = codes;
  }

  /** A column of the given distinct values and codes. */
  static of<T extends string | null | undefined>(values: readonly T[], codes: Codes): CodedStrings<T> {
    return new CodedStrings<T>(values, undefined, compactCodes(codes));
  }

  get length(): number {
    return this.dense ? this.dense.length : this.sparse!.length;
  }

  /** The value of `row`. */
  at(row: number): T {
    return this.valueOfCode(this.codeAt(row));
  }

  /** The code of `row`'s value (an index into the distinct values), for counting by value without a map lookup per row. */
  codeAt(row: number): number {
    const dense = this.dense;
    return dense !== undefined ? dense[row] : this.sparse!.at(row);
  }

  /** How many distinct values the column holds (codes run from 0 to this, exclusive). */
  get distinct(): number {
    return this.values ? this.values.length : this.byteValues!.bytes.length;
  }

  /** True when the distinct values are kept as bytes (a large dictionary). */
  get asBytes(): boolean {
    return this.byteValues !== undefined;
  }

  /** The value a code stands for. */
  valueOfCode(code: number): T {
    if (this.values) return this.values[code];
    if (code !== this.lastCode) {
      const { bytes, held } = this.byteValues!;
      const text = bytes.text(code);
      this.lastValue = (text ?? held.get(code)) as T;
      this.lastCode = code;
    }
    return this.lastValue as T;
  }

  /** True when `code` stands for null (no string decoded). */
  isNullCode(code: number): boolean {
    return this.values ? this.values[code] === null : code === this.byteValues!.nullCode;
  }

  /**
   * True when some distinct value starts with `prefix`: one pass over the
   * dictionary, comparing bytes when it is kept as bytes (no value decoded).
   */
  anyValueStartsWith(prefix: string): boolean {
    let found = this.prefixes.get(prefix);
    if (found === undefined) this.prefixes.set(prefix, (found = this.findPrefix(prefix)));
    return found;
  }

  private findPrefix(prefix: string): boolean {
    if (this.values) return this.values.some((value) => typeof value === 'string' && value.startsWith(prefix));
    const { bytes, held } = this.byteValues!;
    for (const value of held.values()) if (typeof value === 'string' && value.startsWith(prefix)) return true;
    const wanted = Buffer.from(prefix, 'utf8');
    if (wanted.length === 0) return bytes.length > held.size;
    for (let code = 0; code < bytes.length; code++) {
      const buffer = bytes.buffer(code);
      if (!buffer) continue;
      const start = bytes.start(code);
      if (buffer[start] !== wanted[0] || bytes.end(code) - start < wanted.length) continue;
      if (buffer.compare(wanted, 0, wanted.length, start, start + wanted.length) === 0) return true;
    }
    return false;
  }

  /**
   * The distinct values as UTF-8 bytes, row `code` holding a code's value,
   * when the dictionary is kept so (a writer copies them, no string decoded);
   * a null row is a value held as a JS value (read it with `valueOfCode`).
   */
  get valueBytes(): ByteStrings | undefined {
    return this.byteValues?.bytes;
  }

  /** A copy with some rows' values replaced (the review's label decisions). */
  withValues(replacements: ReadonlyMap<number, T>): CodedStrings<T> {
    const codes = this.dense ? Uint32Array.from(this.dense) : this.sparse!.toArray();
    if (this.values) {
      const values = [...this.values];
      const index = new Map(values.map((value, code) => [value, code]));
      for (const [row, value] of replacements) {
        let code = index.get(value);
        if (code === undefined) index.set(value, (code = values.push(value) - 1));
        codes[row] = code;
      }
      return CodedStrings.of(values, narrow(codes, values.length));
    }
    // The dictionary indexed again from its bytes: each code keeps its number, new values come after.
    const { bytes, held, spill } = this.byteValues!;
    const index = new ByteDictionaryBuilder();
    for (let code = 0; code < bytes.length; code++) {
      const buffer = bytes.buffer(code);
      if (buffer) index.codeOfBytes(buffer, bytes.start(code), bytes.end(code));
      else index.codeOfValue(held.get(code));
    }
    for (const [row, value] of replacements) codes[row] = index.codeOfValue(value);
    return dictionaryColumn<T>(index, codes, 0, spill);
  }

  /** Builds a column from batches of values sharing one dictionary; codes take the fewest bytes the dictionary allows. */
  static builder<T extends string | null | undefined>(options?: DictionaryOptions): CodedStringsBuilder<T> {
    return new CodedStringsBuilder<T>(options);
  }

  /** A column of `length` rows, all `initial`, whose rows are then set in any order. */
  static writer<T extends string | null | undefined>(length: number, initial: T, options?: DictionaryOptions): CodedStringsWriter<T> {
    return new CodedStringsWriter(length, initial, options);
  }
}

/** The column of `codes` into `index`'s values: strings up to `bytesPast` of them, else bytes spilled past `spill`'s budget. */
function dictionaryColumn<T extends string | null | undefined>(index: ByteDictionaryBuilder, codes: Codes, bytesPast = defaultBytesPast, spill?: ByteSpill): CodedStrings<T> {
  const distinct = index.size;
  const narrowed = compactCodes(codes instanceof Uint32Array ? narrow(codes, distinct) : codes);
  if (distinct <= bytesPast) return new CodedStrings<T>(index.values() as T[], undefined, narrowed);
  const { bytes, held } = index.build(spill);
  const nullCode = [...held].find(([, value]) => value === null)?.[0] ?? -1;
  return new CodedStrings<T>(undefined, { bytes, held, nullCode, spill }, narrowed);
}

/** The narrowest code array for `distinct` values, holding `codes`. */
function narrow(codes: Uint32Array, distinct: number): Codes {
  if (distinct > 0x10000) return codes;
  return distinct <= 0x100 ? Uint8Array.from(codes) : Uint16Array.from(codes);
}

/** A code array wide enough for `distinct` values. */
function codesFor(length: number, distinct: number): Codes {
  return distinct <= 0x100 ? new Uint8Array(length) : distinct <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

function maxCode(codes: Codes): number {
  return codes instanceof Uint8Array ? 0xff : codes instanceof Uint16Array ? 0xffff : 0xffffffff;
}

export class CodedStringsWriter<T extends string | null | undefined> {
  private readonly index: ByteDictionaryBuilder;
  /** As narrow as the values so far allow, widened when they outgrow it: a column of ten million rows starts at a byte each. */
  private codes: Codes;
  private previous: T;
  private previousCode: number;
  /** The last value was set as bytes: its first `previousLength` bytes here, `previous` meaningless. */
  private previousIsBytes = false;
  private previousBytes = new Uint8Array(64);
  private previousLength = 0;

  constructor(
    length: number,
    initial: T,
    private readonly options: DictionaryOptions = {},
  ) {
    this.index = new ByteDictionaryBuilder(options.hasher);
    this.previousCode = this.index.codeOfValue(initial);
    this.previous = initial;
    this.codes = new Uint8Array(length);
  }

  set(row: number, value: T): void {
    if (value !== this.previous || this.previousIsBytes) {
      this.previous = value;
      this.previousIsBytes = false;
      this.setCode(this.index.codeOfValue(value));
    }
    this.codes[row] = this.previousCode;
  }

  /**
   * As `set` with the value's UTF-8 bytes `[start, end)` (valid UTF-8: callers
   * make sure), nothing decoded; a run of equal bytes is looked up once.
   */
  setBytes(row: number, bytes: Uint8Array, start: number, end: number): void {
    if (!this.previousIsBytes || !this.samePrevious(bytes, start, end)) {
      const length = end - start;
      if (this.previousBytes.length < length) this.previousBytes = new Uint8Array(Math.max(length, 2 * this.previousBytes.length));
      for (let i = start; i < end; i++) this.previousBytes[i - start] = bytes[i]; // no view made per value
      this.previousLength = length;
      this.previousIsBytes = true;
      this.setCode(this.index.codeOfBytes(bytes, start, end));
    }
    this.codes[row] = this.previousCode;
  }

  private samePrevious(bytes: Uint8Array, start: number, end: number): boolean {
    if (end - start !== this.previousLength) return false;
    const held = this.previousBytes;
    for (let i = start; i < end; i++) if (bytes[i] !== held[i - start]) return false;
    return true;
  }

  private setCode(code: number): void {
    if (code > maxCode(this.codes)) {
      const wider = codesFor(this.codes.length, this.index.size);
      wider.set(this.codes);
      this.codes = wider;
    }
    this.previousCode = code;
  }

  /** The column; a large dictionary's bytes spill past `spill`'s budget. */
  build(spill?: ByteSpill): CodedStrings<T> {
    return dictionaryColumn<T>(this.index, this.codes, this.options.bytesPast, spill);
  }
}

export class CodedStringsBuilder<T extends string | null | undefined> {
  private readonly index: ByteDictionaryBuilder;
  /** Each batch's codes, as narrow as the dictionary was when it came (it only grows). */
  private readonly parts: Codes[] = [];
  private total = 0;

  constructor(private readonly options: DictionaryOptions = {}) {
    this.index = new ByteDictionaryBuilder(options.hasher);
  }

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
      codes[i] = previousCode = this.index.codeOfValue(value);
      previous = value;
    }
    this.push(codes);
  }

  /**
   * Adds one batch's string chunk (Utf8, LargeUtf8 or Binary, read as UTF-8
   * like `readStrings`), a null row reading as `nullAs`; the values are
   * indexed by their bytes, no string decoded.
   */
  addData(data: arrow.Data | undefined, length: number, nullAs: T & (string | null)): void {
    if (!data) return this.add(new Array<T>(length).fill(nullAs));
    if (arrow.DataType.isDictionary(data.type)) return this.add(readDictionary(data, length).map((value) => value ?? nullAs) as T[]);
    const codes = new Uint32Array(length);
    this.index.addData(data, length, nullAs, codes, 0);
    this.push(codes);
  }

  private push(codes: Uint32Array): void {
    this.parts.push(narrow(codes, this.index.size));
    this.total += codes.length;
  }

  /** The column; a large dictionary's bytes spill past `spill`'s budget. */
  build(spill?: ByteSpill): CodedStrings<T> {
    const codes = codesFor(this.total, this.index.size);
    // Copied part by part into the narrow array: no full-width copy of every row at once.
    let at = 0;
    for (const part of this.parts.splice(0)) {
      codes.set(part, at);
      at += part.length;
    }
    return dictionaryColumn<T>(this.index, codes, this.options.bytesPast, spill);
  }
}
