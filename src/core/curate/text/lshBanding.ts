import { usageError } from '../../errors';

/**
 * How MinHash sketches are cut into bands: `bands` × `rows` values, each of
 * which two texts agree on with probability equal to their Jaccard
 * similarity (minHashSketcher.ts); two texts become candidates when all
 * `rows` values of at least one band agree. For two texts of Jaccard similarity s that happens with probability
 * 1 − (1 − s^rows)^bands (the S-curve, {@link candidateProbability}).
 */
export interface LshBanding {
  bands: number;
  rows: number;
}

/** Recall the banding must reach at the threshold itself (pairs above it do better). */
const TARGET_RECALL = 0.99;
/**
 * Values per sketch at most. Chosen when the sketch cost one hash function per
 * value and shingle; the one-permutation sketch costs one hash per shingle
 * whatever the banding, but bandings (and docs/text-curation.md's table) stay.
 */
const MAX_HASHES = 64;

/**
 * The probability that two texts of Jaccard similarity `similarity` share a
 * band, i.e. are compared at all.
 */
export function candidateProbability(similarity: number, banding: LshBanding): number {
  return 1 - Math.pow(1 - Math.pow(similarity, banding.rows), banding.bands);
}

/**
 * Bands and rows for a Jaccard threshold: among bandings of at most 64 hash
 * functions that find a pair at exactly the threshold with probability ≥ 0.99,
 * the one that makes pairs at half the threshold candidates least often
 * (every candidate costs an exact verification); ties go to fewer hashes.
 * When none reaches 0.99 (thresholds below ~0.5), the one with the best
 * recall at the threshold. For the default 0.8: 12 bands × 5 rows, recall
 * 0.991 at s = 0.8, 0.9998 at s = 0.9, and candidates at s = 0.4 only 12% of
 * the time (docs/text-curation.md has the whole curve).
 */
export function chooseBanding(threshold: number): LshBanding {
  if (!(threshold > 0 && threshold <= 1)) {
    throw usageError(`text dedup threshold must be in (0, 1], got ${threshold}`, { field: 'threshold' });
  }
  let best: LshBanding | undefined;
  let bestScore = [Infinity, Infinity, Infinity];
  for (let rows = 1; rows <= MAX_HASHES; rows++) {
    for (let bands = 1; bands * rows <= MAX_HASHES; bands++) {
      const banding = { bands, rows };
      const recall = candidateProbability(threshold, banding);
      // Lexicographic: reach the target recall first, then fewest false candidates, then fewest hashes.
      const score = recall >= TARGET_RECALL ? [0, candidateProbability(threshold / 2, banding), bands * rows] : [1, -recall, bands * rows];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && (score[1] < bestScore[1] || (score[1] === bestScore[1] && score[2] < bestScore[2])))) {
        best = banding;
        bestScore = score;
      }
    }
  }
  return best!;
}
