import { RowRanges } from './rowRanges';

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
  private readonly chunks: RowRanges;

  constructor(
    /** Each row's start; a null row holds the end of the value before it in its chunk. */
    readonly offsets: Uint32Array,
    readonly valid: Uint8Array,
    /** The first row of each chunk, ascending. */
    readonly firstRows: Int32Array,
    /** Where each chunk's last value ends. */
    readonly chunkEnds: Uint32Array,
  ) {
    this.chunks = new RowRanges(firstRows);
  }

  get length(): number {
    return this.offsets.length;
  }

  chunkOf(row: number): number {
    if ((this.valid[row >>> 3] & (1 << (row & 7))) === 0) return -1;
    return this.chunks.indexOf(row);
  }

  start(row: number): number {
    return this.offsets[row];
  }

  end(row: number): number {
    const chunk = this.chunkOf(row);
    const next = row + 1;
    return next < this.offsets.length && (chunk + 1 >= this.firstRows.length || next < this.firstRows[chunk + 1]) ? this.offsets[next] : this.chunkEnds[chunk];
  }
}

/**
 * Spans of parts laid end to end, their chunks numbered after each other,
 * without copying them: a scan's batches stay as they were built (a copy of
 * ten million offsets per column, at the scan's end, was its peak).
 */
export class ConcatSpans implements RowSpans {
  private constructor(
    readonly length: number,
    private readonly parts: readonly RowSpans[],
    private readonly ranges: RowRanges,
    /** Number of each part's first chunk. */
    private readonly firstChunks: Int32Array,
  ) {}

  /** `parts` end to end; `chunks[i]` is how many chunks part i numbers. */
  static of(parts: readonly RowSpans[], chunks: readonly number[]): RowSpans {
    if (parts.length === 1) return parts[0];
    const firstChunks = RowRanges.ofLengths(chunks).firstRows;
    return new ConcatSpans(
      parts.reduce((sum, part) => sum + part.length, 0),
      parts,
      RowRanges.ofLengths(parts.map((part) => part.length)),
      firstChunks,
    );
  }

  chunkOf(row: number): number {
    const part = this.ranges.indexOf(row);
    const chunk = this.parts[part].chunkOf(row - this.ranges.firstRows[part]);
    return chunk < 0 ? -1 : chunk + this.firstChunks[part];
  }

  start(row: number): number {
    const part = this.ranges.indexOf(row);
    return this.parts[part].start(row - this.ranges.firstRows[part]);
  }

  end(row: number): number {
    const part = this.ranges.indexOf(row);
    return this.parts[part].end(row - this.ranges.firstRows[part]);
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
