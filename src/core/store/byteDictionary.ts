import { isUtf8 } from 'node:buffer';
import * as arrow from 'apache-arrow';
import { byteRanges, isValid, utf8Slice } from './arrowColumns';
import { ByteSpill, ByteStrings, ByteStringsBuilder } from './byteStrings';
import { hashIdBytes, IdHasher } from './idColumn';
import { grownArray } from './grownArray';

/** New values' bytes go into blocks growing to this size (a longer value gets a block of its own). */
const BLOCK_BYTES = 1 << 20;

/** Values up to this many bytes are compared in JS (a native call costs more than the loop). */
const SHORT_VALUE = 64;

/** A value that is no UTF-8 string of its own: null, undefined, or a JS string with lone surrogates (UTF-8 cannot hold it). */
type HeldValue = string | null | undefined;

/**
 * The distinct values of a coded column as they are indexed: each value's
 * UTF-8 bytes once, in blocks, found again through an open-addressing table
 * of codes keyed by a hash of the bytes (no JS string, no Map entry per
 * value). Codes are given in order of first appearance. Null and undefined,
 * and strings UTF-8 cannot hold, are codes of their own, kept as JS values.
 */
export class ByteDictionaryBuilder {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  private nextBlock = 1 << 11;
  /** Each code's block, start and end in it (a held value's are -1, 0, 0). */
  private blockOf = new Int32Array(1024);
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  /** The `lo` hash word of each code, confirmed before the bytes are compared. */
  private hashes = new Uint32Array(1024);
  /** Codes + 1 by hash slot (0: empty). */
  private slots = new Int32Array(1024);
  private count = 0;
  /** Codes of the held values. */
  private readonly heldCodes = new Map<HeldValue, number>();
  private readonly word = new Uint32Array(2);
  private scratch = Buffer.allocUnsafe(256);

  constructor(private readonly hasher: IdHasher = hashIdBytes) {}

  /** How many distinct values have codes. */
  get size(): number {
    return this.count;
  }

  /** The code of `value` (given one if new). */
  codeOfValue(value: string | null | undefined): number {
    if (value === null || value === undefined || !isWellFormed(value)) return this.codeOfHeld(value);
    if (this.scratch.length < 3 * value.length) this.scratch = Buffer.allocUnsafe(3 * value.length);
    const length = this.scratch.write(value, 0, 'utf8');
    return this.codeOfBytes(this.scratch, 0, length);
  }

  /** The code of the UTF-8 bytes `[start, end)` of `bytes` (valid UTF-8: callers make sure), given one if new. */
  codeOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const word = this.word;
    this.hasher(bytes, start, end, word, 0);
    const lo = word[0];
    const mask = this.slots.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const candidate = this.slots[slot] - 1;
      if (candidate < 0) {
        const code = this.append(bytes, start, end, lo);
        this.slots[slot] = code + 1;
        if (2 * this.count > this.slots.length) this.rehash();
        return code;
      }
      if (this.hashes[candidate] === lo && this.sameBytes(candidate, bytes, start, end)) return candidate;
    }
  }

  private codeOfHeld(value: HeldValue): number {
    let code = this.heldCodes.get(value);
    if (code === undefined) {
      code = this.reserve();
      this.blockOf[code] = -1;
      this.heldCodes.set(value, code);
    }
    return code;
  }

  /**
   * The codes of one batch's (Large)Utf8 or Binary chunk, into `out` from
   * `at`; a null row is the code of `nullAs`. Bytes that are not valid UTF-8
   * are read as their lossy decoding (what a string column reads), so values
   * that decode alike share a code.
   */
  addData(data: arrow.Data, length: number, nullAs: string | null, out: Uint32Array, at: number): void {
    const ranges = byteRanges(data);
    const bytes = ranges.bytes;
    const first = length > 0 ? ranges.start(0) : 0;
    const last = length > 0 ? ranges.end(length - 1) : 0;
    // Valid as a whole, a value is valid unless a character straddles its ends.
    const wholeValid = isUtf8(bytes.subarray(first, last));
    let nullCode = -1;
    let previousStart = -1;
    let previousEnd = -1;
    let previousCode = -1;
    for (let i = 0; i < length; i++) {
      if (!isValid(data, i)) {
        out[at + i] = nullCode >= 0 ? nullCode : (nullCode = this.codeOfValue(nullAs));
        continue;
      }
      const start = ranges.start(i);
      const end = ranges.end(i);
      // Values repeat in runs (a session's rows sit together): skip the lookup.
      if (previousCode >= 0 && sameRange(bytes, previousStart, previousEnd, start, end)) {
        out[at + i] = previousCode;
        continue;
      }
      const valid = wholeValid ? !straddles(bytes, start, end, last) : isUtf8(bytes.subarray(start, end));
      const code = valid ? this.codeOfBytes(bytes, start, end) : this.codeOfValue(utf8Slice(bytes, start, end));
      out[at + i] = previousCode = code;
      previousStart = start;
      previousEnd = end;
    }
  }

  /** Every value, decoded, by code (a dictionary kept small becomes strings). */
  values(): HeldValue[] {
    const values = new Array<HeldValue>(this.count);
    for (let code = 0; code < this.count; code++) {
      const block = this.blockOf[code];
      if (block >= 0) values[code] = utf8Slice(this.blockAt(block), this.starts[code], this.ends[code]);
    }
    for (const [value, code] of this.heldCodes) values[code] = value;
    return values;
  }

  /**
   * The values as a ByteStrings of one row per code (held values are null
   * rows, listed in `held`), their blocks spilled past `spill`'s budget. The
   * builder is spent.
   */
  build(spill?: ByteSpill): { bytes: ByteStrings; held: Map<number, HeldValue> } {
    this.seal();
    const builder = new ByteStringsBuilder(this.count, spill);
    const byBlock: number[][] = this.blocks.map(() => []);
    for (let code = 0; code < this.count; code++) if (this.blockOf[code] >= 0) byBlock[this.blockOf[code]].push(code);
    for (let b = 0; b < this.blocks.length; b++) {
      const codes = byBlock[b];
      const starts = codes.map((code) => this.starts[code]);
      const ends = codes.map((code) => this.ends[code]);
      builder.addBlock(this.blocks[b], codes, starts, ends, false);
    }
    const held = new Map<number, HeldValue>();
    for (const [value, code] of this.heldCodes) held.set(code, value);
    this.blocks.length = 0;
    this.slots = new Int32Array(0);
    return { bytes: builder.build(), held };
  }

  /** Copies `bytes[start, end)` to the current block and gives it the next code. */
  private append(bytes: Uint8Array, start: number, end: number, lo: number): number {
    const length = end - start;
    if (this.block.length === 0 || this.used + length > this.block.length) {
      this.seal();
      // Blocks grow from 4 KiB: a column of a few values (roles) holds a few kilobytes, not a megabyte.
      this.nextBlock = Math.min(BLOCK_BYTES, 2 * this.nextBlock);
      this.block = Buffer.allocUnsafe(Math.max(this.nextBlock, length));
      this.used = 0;
    }
    const code = this.reserve();
    this.block.set(bytes.subarray(start, end), this.used);
    this.blockOf[code] = this.blocks.length;
    this.starts[code] = this.used;
    this.ends[code] = this.used += length;
    this.hashes[code] = lo;
    return code;
  }

  /** Keeps the current block's used bytes (a copy of them when it is mostly empty). */
  private seal(): void {
    if (this.block.length === 0) return;
    const block = this.used < this.block.length / 2 ? Buffer.from(this.block.subarray(0, this.used)) : this.block.subarray(0, this.used);
    this.blocks.push(block);
    this.block = Buffer.allocUnsafe(0);
    this.used = 0;
  }

  /** The next code, with room in the per-code arrays. */
  private reserve(): number {
    if (this.count === this.blockOf.length) {
      const size = 2 * this.count;
      this.blockOf = grownArray(this.blockOf, size);
      this.starts = grownArray(this.starts, size);
      this.ends = grownArray(this.ends, size);
      this.hashes = grownArray(this.hashes, size);
    }
    return this.count++;
  }

  /** Doubles the table, placing each byte code again by its hash (held codes are not in it). */
  private rehash(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let code = 0; code < this.count; code++) {
      if (this.blockOf[code] < 0) continue;
      let slot = this.hashes[code] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }

  /** Block `b`, sealed or current. */
  private blockAt(b: number): Buffer {
    return b === this.blocks.length ? this.block : this.blocks[b];
  }

  private sameBytes(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const held = this.blockAt(this.blockOf[code]);
    const from = this.starts[code];
    const length = this.ends[code] - from;
    if (length !== end - start) return false;
    if (length > SHORT_VALUE) return Buffer.compare(held.subarray(from, from + length), bytes.subarray(start, end)) === 0;
    for (let k = 0; k < length; k++) if (held[from + k] !== bytes[start + k]) return false;
    return true;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` has no lone surrogate, so UTF-8 holds it as it is. */
function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(value) : !LONE_SURROGATE.test(value);
}

function sameRange(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  if (length > SHORT_VALUE) return Buffer.compare(bytes.subarray(aStart, aEnd), bytes.subarray(bStart, bEnd)) === 0;
  for (let k = 0; k < length; k++) if (bytes[aStart + k] !== bytes[bStart + k]) return false;
  return true;
}

/** True when `[start, end)` of valid UTF-8 bytes ending at `last` cuts a character: it starts or ends inside one. */
function straddles(bytes: Uint8Array, start: number, end: number, last: number): boolean {
  if (start === end) return false;
  return (bytes[start] & 0xc0) === 0x80 || (end < last && (bytes[end] & 0xc0) === 0x80);
}
