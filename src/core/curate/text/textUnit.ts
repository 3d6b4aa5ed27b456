/**
 * What the text stages work on: one record, or one group of records joined
 * (see groupUnitText.ts), in listing order.
 */
export interface TextUnit {
  /** Record id, or group key in group mode. Reported as evidence. */
  id: string;
  /** Raw text; every stage normalises it with `normaliseText`. */
  text: string;
}

/** A unit a text dedup stage removed, and the kept unit it duplicates. */
export interface TextDuplicate {
  /** Position of the removed unit in the input. */
  index: number;
  id: string;
  /** Id of the earliest kept unit it duplicates. */
  duplicateOf: string;
  /** Position of that kept unit in the input. */
  duplicateOfIndex: number;
  /** Exact Jaccard similarity of the two shingle sets (1 for the exact stage). */
  similarity: number;
}

/** Outcome of a greedy text dedup over units in listing order. */
export interface TextDedupResult {
  /** 1 where the unit is kept, by position in the input. */
  kept: Uint8Array;
  /** The removed units, in input order, with evidence. */
  duplicates: TextDuplicate[];
}

/** Options every text dedup stage takes. */
export interface TextDedupOptions {
  /** Ids that no dedup stage may remove (`--keep`); later units are still judged against them. */
  keep?: ReadonlySet<string>;
  signal?: AbortSignal;
}
