import { DedupResult, dedupReference } from './dedupReference';

export interface DedupOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Row-major vectors of one dimension. */
export interface VectorMatrix {
  data: Float32Array;
  dim: number;
}

/**
 * Greedy dedup of items whose vectors sit at `slots` in `matrix` (-1 = no vector),
 * with exactly the seed's decisions.
 */
export function dedupEmbeddings(matrix: VectorMatrix, slots: Int32Array, threshold: number, _options: DedupOptions = {}): DedupResult {
  const vectors = Array.from(slots, (slot) =>
    slot < 0 ? null : matrix.data.subarray(slot * matrix.dim, (slot + 1) * matrix.dim),
  );
  return dedupReference(vectors, threshold);
}
