import { throwIfAborted, usageError } from '../../errors';
import { chooseBanding, LshBanding } from './lshBanding';
import { LshIndex } from './lshIndex';
import { MinHashSketcher } from './minHashSketcher';
import { TextDedupOptions, TextDedupResult, TextUnit } from './textUnit';

export interface MinHashDedupOptions extends TextDedupOptions {
  /** Words per shingle (default 5). */
  shingleSize?: number;
  /** Exact Jaccard similarity at or above which a unit is a duplicate (default 0.8). */
  threshold?: number;
  /** Bands and rows (default: {@link chooseBanding} of the threshold). For tests and the bench. */
  banding?: LshBanding;
  /** Use the JavaScript signature kernel even where WebAssembly SIMD is available. For tests. */
  portable?: boolean;
}

export const DEFAULT_SHINGLE_SIZE = 5;
export const DEFAULT_TEXT_DEDUP_THRESHOLD = 0.8;

/**
 * Greedy near-duplicate removal in listing order, like the embedding dedup: a
 * unit goes when the exact Jaccard similarity of its word-shingle set and an
 * earlier KEPT unit's is ≥ threshold, and names the earliest such unit. Only
 * kept units are filed in the index, so A≈B≈C never drops C for resembling a
 * dropped B. MinHash + LSH only chooses which kept units to verify: every
 * removal is verified exactly (precision 1); a pair is missed only when no
 * band agrees (recall ≥ 0.99 at the threshold, see {@link chooseBanding}).
 * Empty texts and units in `keep` stay; kept units are filed either way.
 *
 * @example
 * const { kept, duplicates } = minHashTextDedup(units, { threshold: 0.8, keep: new Set(['r1']) });
 */
export function minHashTextDedup(units: readonly TextUnit[], options: MinHashDedupOptions = {}): TextDedupResult {
  const shingleSize = options.shingleSize ?? DEFAULT_SHINGLE_SIZE;
  const threshold = options.threshold ?? DEFAULT_TEXT_DEDUP_THRESHOLD;
  if (!(Number.isInteger(shingleSize) && shingleSize >= 1)) {
    throw usageError(`shingle size must be a positive integer, got ${shingleSize}`, { field: 'shingleSize' });
  }
  const banding = options.banding ?? chooseBanding(threshold);
  const sketcher = new MinHashSketcher(shingleSize, banding, { portable: options.portable });
  const index = new LshIndex(banding.bands, Math.min(units.length, 1 << 20));
  const keys = new Int32Array(banding.bands);
  const result: TextDedupResult = { kept: new Uint8Array(units.length), duplicates: [] };
  for (let i = 0; i < units.length; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(options.signal);
    const { id, text } = units[i];
    if (!sketcher.bandKeysOfRaw(text, keys)) {
      result.kept[i] = 1;
      continue;
    }
    let duplicateOf = -1;
    let similarity = NaN;
    if (!options.keep?.has(id)) {
      const candidates = index.candidates(keys);
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k];
        // Against the text just sketched, still in the sketcher.
        const s = sketcher.similarityOfRaw(units[c].text);
        if (s >= threshold) {
          duplicateOf = c;
          similarity = s;
          break;
        }
      }
    }
    if (duplicateOf < 0) {
      result.kept[i] = 1;
      index.add(i, keys);
    } else {
      result.duplicates.push({ index: i, id, duplicateOf: units[duplicateOf].id, duplicateOfIndex: duplicateOf, similarity });
    }
  }
  return result;
}
