import * as arrow from 'apache-arrow';
import { byteRanges, isValid, utf8Slice } from './arrowColumns';
import { ByteSpill, ByteStrings, ByteStringsBuilder } from './byteStrings';
import { grownArray } from './grownArray';

/** A row's id bytes, hashed to two 32-bit words (`lo` indexes hash tables, `hi` confirms). */
export type IdHasher = (bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number) => void;

const EMPTY = Buffer.alloc(0);

/** Ids up to this many bytes are compared in JS (a native call costs more than the loop). */
const SHORT_ID = 64;

/**
 * The `id` of every row of a RowTable, kept as UTF-8 bytes (spilled like any
 * byte column under a memory budget) with a 64-bit hash per row computed while
 * scanning: about 20 bytes of memory per row, no JS string per row. An id is
 * decoded on demand (`at`); the listing's last-write-wins and id lookups work
 * on the hashes and compare bytes only when two hashes match.
 */
export class IdColumn {
  private constructor(
    private readonly bytes: ByteStrings,
    /** Hash words of each row: `hashes[2 * row]` (lo) and `hashes[2 * row + 1]` (hi); undefined once released. */
    private hashWords: Uint32Array | undefined,
    /** The hash the rows were hashed with (tests force collisions with their own). */
    private readonly hasher: IdHasher = hashIdBytes,
  ) {}

  /** The rows' hash words, computed again from the bytes when they were released. */
  private get hashes(): Uint32Array {
    if (!this.hashWords) {
      const { bytes } = this;
      const hashes = new Uint32Array(2 * this.length);
      for (let row = 0; row < this.length; row++) {
        const buffer = bytes.buffer(row);
        if (buffer) this.hasher(buffer, bytes.start(row), bytes.end(row), hashes, 2 * row);
        else this.hasher(EMPTY, 0, 0, hashes, 2 * row);
      }
      this.hashWords = hashes;
    }
    return this.hashWords;
  }

  /**
   * Frees the hashes (8 B a row) once the listing has used them: a one-shot
   * export needs them no more, and should something ask, they are computed
   * again from the bytes.
   */
  releaseHashes(): void {
    this.hashWords = undefined;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** The id of `row`, decoded like every string column (invalid UTF-8 replaced). */
  at(row: number): string {
    const buffer = this.bytes.buffer(row);
    return buffer ? utf8Slice(buffer, this.bytes.start(row), this.bytes.end(row)) : '';
  }

  /** The buffer holding `row`'s id as valid UTF-8 (`start(row)` to `end(row)`), or undefined (then `at` decodes it with replacements). */
  utf8(row: number): Buffer | undefined {
    return this.bytes.utf8(row);
  }

  start(row: number): number {
    return this.bytes.start(row);
  }

  end(row: number): number {
    return this.bytes.end(row);
  }

  /** True when rows `a` and `b` have the same id bytes (no decoding). */
  equals(a: number, b: number): boolean {
    if (a === b) return true;
    // Released hashes are not rebuilt for one comparison: the bytes decide.
    if (!this.hashWords) return this.compare(a, b) === 0;
    const hashes = this.hashWords;
    if (hashes[2 * a] !== hashes[2 * b] || hashes[2 * a + 1] !== hashes[2 * b + 1]) return false;
    return this.compare(a, b) === 0;
  }

  /**
   * Orders rows by id bytes: for UTF-8 the order of code points, which is
   * Rust's `String::cmp` (and `compareCodePoints` on the decoded ids).
   */
  compare(a: number, b: number): number {
    const { bytes } = this;
    const x = bytes.buffer(a);
    const y = bytes.buffer(b);
    if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
    return compareRanges(x, bytes.start(a), bytes.end(a), y, bytes.start(b), bytes.end(b));
  }

  /** True when `row`'s id is `id` (compares bytes after the hashes). */
  is(row: number, id: string): boolean {
    return this.matcher(id)(row);
  }

  /** The last row whose id is `id`, or -1. */
  lastRowOf(id: string): number {
    const matches = this.matcher(id);
    for (let row = this.length - 1; row >= 0; row--) if (matches(row)) return row;
    return -1;
  }

  /**
   * The rows that are the last written row of their id, ascending: walking
   * backwards, a row survives when no later row had its id. An open-addressing
   * table of rows keyed by the hash, dropped on return. The bytes of the rows
   * matched by hash are compared after the walk, each side in row order (so a
   * spilled column is read front to back, not a piece per match); should a
   * pair differ (a 64-bit collision), the walk is done again comparing bytes
   * at every hash match.
   */
  lastRowOfEach(): Int32Array {
    const matched = new PairList();
    let survives = this.walk(matched);
    if (matched.length > 0 && !this.samePairs(matched)) survives = this.walk();
    let count = 0;
    for (let row = 0; row < survives.length; row++) count += survives[row];
    const rows = new Int32Array(count);
    for (let row = 0, k = 0; row < survives.length; row++) if (survives[row]) rows[k++] = row;
    return rows;
  }

  /**
   * Marks the last row of each hash (`matched` given: pairs matched by hash
   * alone), else of each id. Past a few million rows the hash space is
   * walked in shares, one table of slots reused for each: rows of one id
   * share a hash, so a share decides its ids alone, and the table is a
   * quarter of one for every row at 10M (16 MB, not 64 MB).
   */
  private walk(matched?: PairList): Uint8Array {
    const n = this.length;
    const hashes = this.hashes;
    let shares = 1;
    while (shares < 256 && n * 1.5 > SLOTS_PER_SHARE * shares) shares *= 2;
    const shift = 32 - Math.log2(shares);
    const shareOf = (row: number) => (shares === 1 ? 0 : hashes[2 * row + 1] >>> shift);
    const counts = new Int32Array(shares);
    for (let row = 0; row < n; row++) counts[shareOf(row)]++;
    let size = 2;
    while (size < Math.max(...counts) * 1.5) size *= 2;
    const mask = size - 1;
    const slots = new Int32Array(size);
    const survives = new Uint8Array(n);
    for (let share = 0; share < shares; share++) {
      if (counts[share] === 0) continue;
      slots.fill(-1);
      for (let row = n - 1; row >= 0; row--) {
        if (shares > 1 && shareOf(row) !== share) continue;
        const lo = hashes[2 * row];
        const hi = hashes[2 * row + 1];
        for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
          const held = slots[slot];
          if (held < 0) {
            slots[slot] = row;
            survives[row] = 1;
            break;
          }
          if (hashes[2 * held] !== lo || hashes[2 * held + 1] !== hi) continue;
          if (matched) {
            matched.push(held, row);
            break;
          }
          if (this.compare(held, row) === 0) break;
        }
      }
    }
    return survives;
  }

  /** True when every pair (later row, earlier row) has the same id bytes. */
  private samePairs(pairs: PairList): boolean {
    const { bytes } = this;
    const count = pairs.length;
    const offsets = new Float64Array(count + 1);
    for (let k = 0; k < count; k++) {
      const later = pairs.first(k);
      const earlier = pairs.second(k);
      const length = bytes.end(later) - bytes.start(later);
      if (length !== bytes.end(earlier) - bytes.start(earlier) || !bytes.buffer(later) !== !bytes.buffer(earlier)) return false;
      offsets[k + 1] = offsets[k] + length;
    }
    // The later rows' bytes, copied in row order.
    const copied = Buffer.allocUnsafe(offsets[count]);
    const byLater = Uint32Array.from({ length: count }, (_, k) => k).sort((a, b) => pairs.first(a) - pairs.first(b));
    for (const k of byLater) {
      const row = pairs.first(k);
      bytes.buffer(row)?.copy(copied, offsets[k], bytes.start(row), bytes.end(row));
    }
    // The earlier rows were matched walking backwards: the last pair has the first row.
    for (let k = count - 1; k >= 0; k--) {
      const row = pairs.second(k);
      const buffer = bytes.buffer(row);
      if (buffer && compareRanges(buffer, bytes.start(row), bytes.end(row), copied, offsets[k], offsets[k + 1]) !== 0) return false;
    }
    return true;
  }

  /**
   * Looks rows up in `values` by their id: a row's id is decoded only when
   * its hash is the hash of one of the keys, so a few keys cost little
   * whatever the number of rows.
   */
  keyedLookup<V>(values: ReadonlyMap<string, V>): (row: number) => V | undefined {
    if (values.size === 0) return () => undefined;
    const his = new Map<number, number[]>();
    const word = new Uint32Array(2);
    for (const key of values.keys()) {
      const bytes = Buffer.from(key, 'utf8');
      this.hasher(bytes, 0, bytes.length, word, 0);
      const list = his.get(word[0]);
      if (list) list.push(word[1]);
      else his.set(word[0], [word[1]]);
    }
    const hashes = this.hashes;
    return (row) => {
      const list = his.get(hashes[2 * row]);
      return list && list.includes(hashes[2 * row + 1]) ? values.get(this.at(row)) : undefined;
    };
  }

  private matcher(id: string): (row: number) => boolean {
    const wanted = Buffer.from(id, 'utf8');
    const word = new Uint32Array(2);
    this.hasher(wanted, 0, wanted.length, word, 0);
    const [lo, hi] = word;
    const { bytes, hashes } = this;
    return (row) => {
      if (hashes[2 * row] !== lo || hashes[2 * row + 1] !== hi) return false;
      const buffer = bytes.buffer(row);
      return buffer !== undefined && compareRanges(buffer, bytes.start(row), bytes.end(row), wanted, 0, wanted.length) === 0;
    };
  }

  /** Copies the ids of one batch's Utf8 chunk (not decoded), hashing them on the way; to `spill` past the budget. */
  static fromData(data: arrow.Data | undefined, length: number, spill?: ByteSpill): IdColumn {
    const hashes = new Uint32Array(2 * length);
    IdColumn.hashData(data, length, hashes, 0);
    return new IdColumn(ByteStrings.fromData(data, length, spill), hashes);
  }

  /** Hashes the ids of one batch's Utf8 chunk into `out` from row `at` on (a scan fills one array for every batch). */
  static hashData(data: arrow.Data | undefined, length: number, out: Uint32Array, at: number): void {
    if (!data || length === 0) {
      for (let i = 0; i < length; i++) hashIdBytes(EMPTY, 0, 0, out, 2 * (at + i));
      return;
    }
    const ranges = byteRanges(data);
    for (let i = 0; i < length; i++) {
      if (isValid(data, i)) hashIdBytes(ranges.bytes, ranges.start(i), ranges.end(i), out, 2 * (at + i));
      else hashIdBytes(ranges.bytes, 0, 0, out, 2 * (at + i));
    }
  }

  /** A column of `bytes` whose rows were hashed into `hashes` with {@link hashData}. */
  static of(bytes: ByteStrings, hashes: Uint32Array): IdColumn {
    if (hashes.length !== 2 * bytes.length) throw new Error(`id hashes for ${hashes.length / 2} rows, ids for ${bytes.length}`);
    return new IdColumn(bytes, hashes);
  }

  /** A column of the given ids (tests, small tables); `hasher` replaces the hash, to force collisions. */
  static fromStrings(ids: readonly string[], spill?: ByteSpill, hasher?: IdHasher): IdColumn {
    const encoded = ids.map((id) => Buffer.from(id, 'utf8'));
    const bytes = Buffer.concat(encoded);
    const starts = new Uint32Array(ids.length);
    const ends = new Uint32Array(ids.length);
    const hashes = new Uint32Array(2 * ids.length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      starts[i] = at;
      ends[i] = at += encoded[i].length;
      (hasher ?? hashIdBytes)(bytes, starts[i], ends[i], hashes, 2 * i);
    }
    const builder = new ByteStringsBuilder(ids.length, spill);
    builder.addBlock(bytes, Array.from(ids, (_, i) => i), starts, ends, false);
    return new IdColumn(builder.build(), hashes, hasher);
  }

  static concat(parts: IdColumn[]): IdColumn {
    if (parts.length === 1) return parts[0];
    const hashes = new Uint32Array(2 * parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      hashes.set(part.hashes, at);
      at += part.hashes.length;
    }
    return new IdColumn(ByteStrings.concat(parts.map((part) => part.bytes)), hashes, parts[0]?.hasher);
  }
}

/**
 * A 64-bit hash of UTF-8 bytes in two 32-bit lanes: four bytes a step, each
 * lane a multiply-rotate of its own (murmur3's constants), seeded with the
 * length, then both lanes avalanched into each other (as cyrb53 does).
 */
export function hashIdBytes(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  const length = end - start;
  let h1 = 0x9e3779b9 ^ length;
  let h2 = 0x7f4a7c15 ^ Math.imul(length, 0x85ebca6b);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h1 = Math.imul(h1 ^ k, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ k, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  if (i < end) {
    let k = 0;
    for (let shift = 0; i < end; i++, shift += 8) k |= bytes[i] << shift;
    h1 = Math.imul(h1 ^ k, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ k, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  out[at] = h1 >>> 0;
  out[at + 1] = h2 >>> 0;
}

/** A growing list of row pairs. */
/** Rows one pass of last-write-wins indexes at most, times 1.5 (a table of 2^22 slots, 16 MB). */
let SLOTS_PER_SHARE = 1 << 22;

/** Sets the slots of one last-write-wins pass (tests walk small columns in shares); returns the value it replaces. */
export function setIdSlotsPerShare(slots: number): number {
  const previous = SLOTS_PER_SHARE;
  SLOTS_PER_SHARE = slots;
  return previous;
}

class PairList {
  private rows = new Int32Array(64);
  length = 0;

  push(first: number, second: number): void {
    if (2 * this.length === this.rows.length) this.rows = grownArray(this.rows);
    this.rows[2 * this.length] = first;
    this.rows[2 * this.length + 1] = second;
    this.length++;
  }

  first(k: number): number {
    return this.rows[2 * k];
  }

  second(k: number): number {
    return this.rows[2 * k + 1];
  }
}

/** Compares byte ranges `x[xs, xe)` and `y[ys, ye)` (short ones in JS). */
function compareRanges(x: Buffer, xs: number, xe: number, y: Buffer, ys: number, ye: number): number {
  const xl = xe - xs;
  const yl = ye - ys;
  if (xl > SHORT_ID || yl > SHORT_ID) return x.compare(y, ys, ye, xs, xe);
  const length = Math.min(xl, yl);
  for (let k = 0; k < length; k++) {
    const d = x[xs + k] - y[ys + k];
    if (d !== 0) return d;
  }
  return xl - yl;
}
