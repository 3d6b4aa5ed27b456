import * as fs from 'node:fs';
import { CuratorError } from '../../errors';

/** Row-major f32 vectors of one dimension, in memory (the shape `dedupEmbeddings` takes). */
export interface VectorMatrix {
  data: Float32Array;
  dim: number;
}

/** The same vectors in a file (raw little-endian f32, `dim` per slot): read back by slot, never held whole. */
export interface VectorFile {
  file: string;
  dim: number;
}

export type VectorSource = VectorMatrix | VectorFile;

/**
 * Where a dedup thread reads the exact f32 vectors the seed formula needs.
 * `at(slot, lane)` makes the vector of `slot` available in `array(lane)` and
 * returns its offset there; a lane holds one vector at a time (lanes let a
 * caller hold a query and a member together). In memory this is a view; from
 * a file it is a read of one vector (page-cached by the OS, outside the
 * process's resident memory).
 */
export interface VectorReader {
  readonly dim: number;
  array(lane: number): Float32Array;
  at(slot: number, lane: number): number;
  /** Vectors of slots `first..first+count` contiguously: `array(RANGE_LANE)` from the returned offset. */
  range(first: number, count: number): number;
  close(): void;
}

/** Lanes of a reader: 0 and 1 for pairs, 2 for single reads; RANGE_LANE holds {@link VectorReader.range}. */
export const LANES = 3;
export const RANGE_LANE = LANES;

export function isVectorFile(source: VectorSource): source is VectorFile {
  return (source as VectorFile).file !== undefined;
}

/** A reader over `source` for one thread. */
export function vectorReader(source: VectorSource): VectorReader {
  return isVectorFile(source) ? new FileVectorReader(source.file, source.dim) : memoryReader(source.data, source.dim);
}

function memoryReader(data: Float32Array, dim: number): VectorReader {
  return { dim, array: () => data, at: (slot) => slot * dim, range: (first) => first * dim, close() {} };
}

class FileVectorReader implements VectorReader {
  private readonly fd: number;
  private readonly lanes: Float32Array[] = [];
  private readonly cached: Int32Array;
  private rangeBuffer = new Float32Array(0);

  constructor(
    file: string,
    readonly dim: number,
  ) {
    this.fd = fs.openSync(file, 'r');
    for (let k = 0; k < LANES; k++) this.lanes.push(new Float32Array(Math.max(1, dim)));
    this.cached = new Int32Array(LANES).fill(-1);
  }

  array(lane: number): Float32Array {
    return lane === RANGE_LANE ? this.rangeBuffer : this.lanes[lane];
  }

  at(slot: number, lane: number): number {
    if (this.cached[lane] !== slot) {
      this.read(this.lanes[lane], 0, slot, 1);
      this.cached[lane] = slot;
    }
    return 0;
  }

  range(first: number, count: number): number {
    if (this.rangeBuffer.length < count * this.dim) this.rangeBuffer = new Float32Array(count * this.dim);
    this.read(this.rangeBuffer, 0, first, count);
    return 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private read(into: Float32Array, offset: number, first: number, count: number): void {
    const bytes = count * this.dim * 4;
    const view = new Uint8Array(into.buffer, into.byteOffset + offset * 4, bytes);
    let done = 0;
    while (done < bytes) {
      const got = fs.readSync(this.fd, view, done, bytes - done, first * this.dim * 4 + done);
      if (got === 0) throw new CuratorError('internal', `vector file ends before slot ${first + count - 1}`);
      done += got;
    }
  }
}
