/**
 * Where each row's bytes sit in a byte column's chunks: the chunk, and the
 * start and end offsets inside it, or no chunk for a null row.
 *
 * A column read in row order, with each chunk's rows back to back (every
 * column a scan reads, spilled or not), keeps one 4-byte offset and one
 * validity bit per row: a row ends where the next row of its chunk starts, a
 * chunk's rows are found by its first row. Any other layout (rows placed out
 * of order, gaps between values, replaced values) falls back to a chunk and
 * two offsets per row, 12 bytes.
 */
export interface RowSpans {
  readonly length: number;
  /** The chunk holding `row`'s bytes, -1 when the row is null. */
  chunkOf(row: number): number;
  start(row: number): number;
  end(row: number): number;
}

/** A chunk and two offsets per row. */
export class ExplicitSpans implements RowSpans {
  constructor(
    readonly chunks: Int32Array,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
  ) {}

  static empty(length: number): ExplicitSpans {
    return new ExplicitSpans(new Int32Array(length).fill(-1), new Uint32Array(length), new Uint32Array(length));
  }

  /** The same spans, as arrays that can be changed. */
  static copyOf(spans: RowSpans): ExplicitSpans {
    if (spans instanceof ExplicitSpans) return new ExplicitSpans(Int32Array.from(spans.chunks), Uint32Array.from(spans.starts), Uint32Array.from(spans.ends));
    const out = ExplicitSpans.empty(spans.length);
    for (let row = 0; row < spans.length; row++) {
      const chunk = spans.chunkOf(row);
      if (chunk < 0) continue;
      out.chunks[row] = chunk;
      out.starts[row] = spans.start(row);
      out.ends[row] = spans.end(row);
    }
    return out;
  }

  get length(): number {
    return this.chunks.length;
  }

  chunkOf(row: number): number {
    return this.chunks[row];
  }

  start(row: number): number {
    return this.starts[row];
  }

  end(row: number): number {
    return this.ends[row];
  }
}

/** One offset and one validity bit per row; chunks cover ascending row ranges. */
export class SequentialSpans implements RowSpans {
  private lastRow = -1;
  private lastChunk = -1;

  constructor(
    /** Each row's start; a null row holds the end of the value before it in its chunk. */
    readonly offsets: Uint32Array,
    readonly valid: Uint8Array,
    /** The first row of each chunk, ascending. */
    readonly firstRows: Int32Array,
    /** Where each chunk's last value ends. */
    readonly chunkEnds: Uint32Array,
  ) {}

  get length(): number {
    return this.offsets.length;
  }

  chunkOf(row: number): number {
    if ((this.valid[row >>> 3] & (1 << (row & 7))) === 0) return -1;
    // Callers ask start, end and buffer of one row in turn.
    if (row === this.lastRow) return this.lastChunk;
    const firstRows = this.firstRows;
    let low = 0;
    let high = firstRows.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (firstRows[mid] <= row) low = mid;
      else high = mid - 1;
    }
    this.lastRow = row;
    this.lastChunk = low;
    return low;
  }

  start(row: number): number {
    return this.offsets[row];
  }

  end(row: number): number {
    const chunk = this.chunkOf(row);
    const next = row + 1;
    return next < this.offsets.length && (chunk + 1 >= this.firstRows.length || next < this.firstRows[chunk + 1]) ? this.offsets[next] : this.chunkEnds[chunk];
  }

  /** Spans of parts laid end to end (their chunks numbered after each other). */
  static concat(parts: SequentialSpans[]): SequentialSpans {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const chunks = parts.reduce((sum, part) => sum + part.firstRows.length, 0);
    const offsets = new Uint32Array(length);
    const valid = new Uint8Array((length + 7) >>> 3);
    const firstRows = new Int32Array(chunks);
    const chunkEnds = new Uint32Array(chunks);
    let rowBase = 0;
    let chunkBase = 0;
    for (const part of parts) {
      offsets.set(part.offsets, rowBase);
      // A part's rows before its first value belong to the chunk before it: they hold that chunk's end.
      if (chunkBase > 0) offsets.fill(chunkEnds[chunkBase - 1], rowBase, rowBase + (part.firstRows.length > 0 ? part.firstRows[0] : part.length));
      for (let row = 0; row < part.length; row++) if (part.valid[row >>> 3] & (1 << (row & 7))) valid[(rowBase + row) >>> 3] |= 1 << ((rowBase + row) & 7);
      for (let k = 0; k < part.firstRows.length; k++) firstRows[chunkBase + k] = part.firstRows[k] + rowBase;
      chunkEnds.set(part.chunkEnds, chunkBase);
      rowBase += part.length;
      chunkBase += part.firstRows.length;
    }
    return new SequentialSpans(offsets, valid, firstRows, chunkEnds);
  }
}

/** Places rows' spans, in the compact form while the rows come in order and back to back, else in the explicit one. */
export class SpansBuilder {
  private sequential?: { offsets: Uint32Array; valid: Uint8Array; firstRows: number[]; chunkEnds: number[] };
  private explicit?: ExplicitSpans;
  private lastRow = -1;
  private lastChunk = -1;
  private lastEnd = 0;

  constructor(private readonly length: number) {
    this.sequential = { offsets: new Uint32Array(length), valid: new Uint8Array((length + 7) >>> 3), firstRows: [], chunkEnds: [] };
  }

  place(row: number, chunk: number, start: number, end: number): void {
    const sequential = this.sequential;
    if (sequential) {
      const sameChunk = chunk === this.lastChunk;
      const inOrder = row > this.lastRow && (sameChunk ? start === this.lastEnd : chunk === sequential.firstRows.length);
      if (inOrder) {
        // The rows skipped since the last value are null and belong to its chunk: they hold its end.
        sequential.offsets.fill(this.lastEnd, this.lastRow + 1, row);
        if (!sameChunk) {
          if (this.lastChunk >= 0) sequential.chunkEnds.push(this.lastEnd);
          sequential.firstRows.push(row);
        }
        sequential.offsets[row] = start;
        sequential.valid[row >>> 3] |= 1 << (row & 7);
        this.lastRow = row;
        this.lastChunk = chunk;
        this.lastEnd = end;
        return;
      }
      this.explicit = ExplicitSpans.copyOf(this.finishSequential());
      this.sequential = undefined;
    }
    const explicit = this.explicit!;
    explicit.chunks[row] = chunk;
    explicit.starts[row] = start;
    explicit.ends[row] = end;
  }

  build(): RowSpans {
    return this.sequential ? this.finishSequential() : this.explicit!;
  }

  private finishSequential(): SequentialSpans {
    const sequential = this.sequential!;
    sequential.offsets.fill(this.lastEnd, this.lastRow + 1);
    const chunkEnds = this.lastChunk >= 0 ? [...sequential.chunkEnds, this.lastEnd] : [];
    return new SequentialSpans(sequential.offsets, sequential.valid, Int32Array.from(sequential.firstRows), Uint32Array.from(chunkEnds));
  }
}
