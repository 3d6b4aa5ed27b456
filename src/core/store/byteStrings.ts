import { isUtf8 } from 'node:buffer';
import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { MemoryBudget, SpilledChunk } from '../spill/memoryBudget';
import { SpillFile } from '../spill/spillFile';
import { byteRanges, isValid } from './arrowColumns';
import { copyOf } from '../json/jsonByteWriter';
import { ConcatSpans, ExplicitSpans, RowSpans, SpansBuilder } from './rowSpans';

/** A spilled column is cut into pieces of about this size, so reading one row reads little more than its neighbours. */
const SPILL_PIECE_BYTES = 1 << 18;

type Chunk = Buffer | SpilledChunk;

/**
 * A string column kept as its UTF-8 bytes, decoded on demand: no JS string per
 * row stays alive for the garbage collector to trace. Under a memory budget
 * its bytes may live in a spill file instead, read back through the budget's
 * cache; either way every row reads the same bytes.
 */
export class ByteStrings {
  private validity?: Int8Array;
  /** This column's last chunk read: rows are read in runs, and columns in turn (one cache memo would not do). */
  private lastChunk = -1;
  private lastBuffer?: Buffer;

  constructor(
    private readonly chunks: Chunk[],
    private readonly spans: RowSpans,
  ) {}

  get length(): number {
    return this.spans.length;
  }

  /** The buffer holding `row`'s bytes (from `start(row)` to `end(row)`), or undefined when null. */
  buffer(row: number): Buffer | undefined {
    const chunk = this.spans.chunkOf(row);
    return chunk < 0 ? undefined : this.bytesOf(chunk);
  }

  private bytesOf(chunk: number): Buffer {
    if (chunk !== this.lastChunk) {
      this.lastBuffer = resolve(this.chunks[chunk]);
      this.lastChunk = chunk;
    }
    return this.lastBuffer!;
  }

  start(row: number): number {
    return this.spans.start(row);
  }

  end(row: number): number {
    return this.spans.end(row);
  }

  /** The value of `row`, or null. */
  text(row: number): string | null {
    const chunk = this.spans.chunkOf(row);
    return chunk < 0 ? null : this.bytesOf(chunk).toString('utf8', this.spans.start(row), this.spans.end(row));
  }

  /** The value of `row`, or null (as a coded column reads). */
  at(row: number): string | null {
    return this.text(row);
  }

  /** True when `row` is null (no bytes are read, not even from a spill file). */
  isNull(row: number): boolean {
    return this.spans.chunkOf(row) < 0;
  }

  /**
   * The buffer holding `row`'s bytes as valid UTF-8 (from `start(row)` to
   * `end(row)`), or undefined when the row is null or its chunk is not valid
   * UTF-8 (then `text()` decodes it with replacement characters).
   */
  utf8(row: number): Buffer | undefined {
    return this.validUtf8(row) ? this.buffer(row) : undefined;
  }

  /** True when the chunk holding `row` is valid UTF-8 (false for a null row). */
  validUtf8(row: number): boolean {
    const chunk = this.spans.chunkOf(row);
    if (chunk < 0) return false;
    this.validity ??= new Int8Array(this.chunks.length).fill(-1);
    if (this.validity[chunk] < 0) this.validity[chunk] = isUtf8(this.bytesOf(chunk)) ? 1 : 0;
    return this.validity[chunk] === 1;
  }

  /** A copy with the values of some rows replaced (the review's label and rank decisions). */
  withValues(replacements: ReadonlyMap<number, string>): ByteStrings {
    const spans = ExplicitSpans.copyOf(this.spans);
    let total = 0;
    for (const text of replacements.values()) total += Buffer.byteLength(text, 'utf8');
    const bytes = Buffer.allocUnsafe(total);
    let at = 0;
    for (const [row, text] of replacements) {
      spans.chunks[row] = this.chunks.length;
      spans.starts[row] = at;
      spans.ends[row] = at += bytes.write(text, at, 'utf8');
    }
    return new ByteStrings([...this.chunks, bytes], spans);
  }

  /** Parts laid end to end (a scan's batches), sharing their chunks and spans without copying them. */
  static concat(parts: ByteStrings[]): ByteStrings {
    if (parts.length === 1) return parts[0];
    return new ByteStrings(
      parts.flatMap((part) => part.chunks),
      ConcatSpans.of(
        parts.map((part) => part.spans),
        parts.map((part) => part.chunks.length),
      ),
    );
  }

  /**
   * Copies the bytes of a (Large)Utf8 chunk of one batch (one copy: the
   * values are contiguous), without decoding them; to `spill` when its budget
   * has no room for them.
   */
  static fromData(data: arrow.Data | undefined, length: number, spill?: ByteSpill): ByteStrings {
    const builder = new ByteStringsBuilder(length, spill);
    if (!data || length === 0) return builder.build();
    const ranges = byteRanges(data);
    const first = ranges.start(0);
    const rows: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < length; i++) {
      if (!isValid(data, i)) continue;
      rows.push(i);
      starts.push(ranges.start(i) - first);
      ends.push(ranges.end(i) - first);
    }
    builder.addBlock(ranges.bytes.subarray(first, ranges.end(length - 1)), rows, starts, ends, true);
    return builder.build();
  }
}

function resolve(chunk: Chunk): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : chunk.cache.get(chunk);
}

/** Where a column's bytes go when the budget has no room: the budget and the spill file's name. */
export interface ByteSpill {
  budget: MemoryBudget;
  /** The column, for the spill file's name (`texts`, `metadata`). */
  stem: string;
  /** The file this column spills to, shared by the column's batches (set on first spill). */
  file?: SpillFile;
}

/**
 * Builds a ByteStrings block by block. A block is contiguous bytes with
 * ascending row ranges inside it; it stays in memory when the budget holds
 * it, else it is appended to the spill file and cut into pieces at row
 * boundaries.
 */
export class ByteStringsBuilder {
  private readonly chunks: Chunk[] = [];
  private readonly spans: SpansBuilder;

  constructor(
    length: number,
    private readonly spill?: ByteSpill,
  ) {
    this.spans = new SpansBuilder(length);
  }

  /** Whether a block of `bytes` would be kept in memory now (else it goes to the spill file). */
  keeps(bytes: number): boolean {
    return !this.spill || this.spill.budget.fits(bytes);
  }

  /**
   * Adds `bytes`, where `rows[k]`'s value is `starts[k]..ends[k]`. `borrowed`
   * bytes belong to someone else (an Arrow batch) and are copied if kept.
   */
  addBlock(bytes: Uint8Array, rows: ArrayLike<number>, starts: ArrayLike<number>, ends: ArrayLike<number>, borrowed: boolean): void {
    if (rows.length === 0) return;
    if (bytes.length > 0xffffffff) throw new CuratorError('internal', `a block of ${bytes.length} bytes is over the 4 GiB a column chunk holds`);
    const spill = this.spill;
    if (!spill || spill.budget.fits(bytes.length)) {
      const kept = borrowed ? copyOf(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      spill?.budget.hold(kept, kept.length);
      const index = this.chunks.push(kept) - 1;
      for (let k = 0; k < rows.length; k++) this.place(rows[k], index, starts[k], ends[k]);
      return;
    }
    spill.file ??= spill.budget.file(spill.stem);
    const offset = spill.file.append(bytes);
    spill.budget.countSpilled(bytes.length);
    // Pieces of about SPILL_PIECE_BYTES, each starting at a row's first byte.
    let k = 0;
    while (k < rows.length) {
      const pieceStart = starts[k];
      let last = k;
      while (last + 1 < rows.length && ends[last + 1] - pieceStart <= SPILL_PIECE_BYTES) last++;
      const pieceEnd = ends[last];
      const index = this.chunks.push({ file: spill.file, offset: offset + pieceStart, length: pieceEnd - pieceStart, cache: spill.budget.cache }) - 1;
      for (; k <= last; k++) this.place(rows[k], index, starts[k] - pieceStart, ends[k] - pieceStart);
    }
  }

  build(): ByteStrings {
    return new ByteStrings(this.chunks, this.spans.build());
  }

  private place(row: number, chunk: number, start: number, end: number): void {
    this.spans.place(row, chunk, start, end);
  }
}
