/** Outcome of greedy near-duplicate removal over a list of vectors (in scan order). */
export interface DedupResult {
  /** 1 where the item is kept. */
  kept: Uint8Array;
  /** For a removed item: index of a kept item within the threshold, else -1. */
  duplicateOf: Int32Array;
  /** For a removed item: its distance to `duplicateOf`. */
  distance: Float64Array;
}
