import { cosineDistance } from '../../src/core/curate/cosine';
import { DedupResult } from '../../src/core/curate/dedupResult';

/**
 * The seed algorithm, literally: keep an item unless its vector is within
 * `threshold` cosine distance of an already-kept item. Items without a vector,
 * zero vectors and vectors of another dimension never match. O(n²): the
 * reference the fast implementation is tested against.
 */
export function dedupReference(vectors: ReadonlyArray<ArrayLike<number> | null>, threshold: number): DedupResult {
  const n = vectors.length;
  const t = Math.fround(threshold);
  const result: DedupResult = {
    kept: new Uint8Array(n),
    duplicateOf: new Int32Array(n).fill(-1),
    distance: new Float64Array(n).fill(NaN),
  };
  const keptItems: number[] = [];
  for (let i = 0; i < n; i++) {
    const vector = vectors[i];
    let duplicate = -1;
    if (vector) {
      for (const k of keptItems) {
        const other = vectors[k];
        if (!other) continue;
        const d = cosineDistance(vector, other);
        if (d <= t) {
          duplicate = k;
          result.distance[i] = d;
          break;
        }
      }
    }
    if (duplicate < 0) {
      result.kept[i] = 1;
      keptItems.push(i);
    } else {
      result.duplicateOf[i] = duplicate;
    }
  }
  return result;
}
