import { throwIfAborted, usageError } from '../../errors';
import { chooseBanding, LshBanding } from './lshBanding';
import { BandGroups } from './bandGroups';
import { MinHashSketcher } from './minHashSketcher';
import { TextDedupOptions, TextDedupResult, TextUnit } from './textUnit';

export interface MinHashDedupOptions extends TextDedupOptions {
  /** Words per shingle (default 5). */
  shingleSize?: number;
  /** Exact Jaccard similarity at or above which a unit is a duplicate (default 0.8). */
  threshold?: number;
  /** Bands and rows (default: {@link chooseBanding} of the threshold). For tests and the bench. */
  banding?: LshBanding;
  /** Use the JavaScript kernel even where WebAssembly SIMD is available. For tests. */
  portable?: boolean;
}

export const DEFAULT_SHINGLE_SIZE = 5;
export const DEFAULT_TEXT_DEDUP_THRESHOLD = 0.8;

/**
 * Greedy near-duplicate removal in listing order, like the embedding dedup: a
 * unit goes when the exact Jaccard similarity of its word-shingle set and an
 * earlier KEPT unit's is ≥ threshold, and names the earliest such unit. Only
 * kept units are candidates, so A≈B≈C never drops C for resembling a dropped B.
 * MinHash + LSH only chooses which kept units to verify: every removal is
 * verified exactly (precision 1); a pair is missed only when no band agrees
 * (recall ≥ 0.99 at the threshold, see {@link chooseBanding}). Empty texts
 * and units in `keep` stay; units in `keep` are candidates for later ones.
 *
 * Three passes: every unit's band keys (one-permutation sketch, see
 * {@link MinHashSketcher}); the keys linked per band ({@link BandGroups}: a
 * key no other unit has can never make a candidate, so most units need no
 * lookup at all); then the greedy in listing order over the units that share
 * a key, each verified against the earlier kept units that share one, in
 * listing order. The same decisions as filing kept units in a band index one
 * by one, without its cache misses.
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
  // One function per pass: V8 compiles each loop once, instead of recompiling the whole when a later pass is reached.
  const { keys, present } = sketchAll(units, sketcher, options.signal);
  throwIfAborted(options.signal);
  const result: TextDedupResult = { kept: new Uint8Array(units.length), duplicates: [] };
  const groups = new BandGroups(keys, units.length, banding.bands, present, result.kept);
  greedy(units, sketcher, groups, threshold, options, result);
  return result;
}

/** Pass 1: every unit's band keys, unit-major, and whether it has any (an empty text has none). */
function sketchAll(units: readonly TextUnit[], sketcher: MinHashSketcher, signal: AbortSignal | undefined): { keys: Int32Array; present: Uint8Array } {
  const { bands } = sketcher.banding;
  const keys = new Int32Array(units.length * bands);
  const present = new Uint8Array(units.length);
  for (let i = 0; i < units.length; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(signal);
    present[i] = sketcher.bandKeysOfRaw(units[i].text, keys, i * bands) ? 1 : 0;
  }
  return { keys, present };
}

/** Pass 3: in listing order, each unit against its candidates; fills `result`. */
function greedy(
  units: readonly TextUnit[],
  sketcher: MinHashSketcher,
  groups: BandGroups,
  threshold: number,
  options: MinHashDedupOptions,
  result: TextDedupResult,
): void {
  for (let i = 0; i < units.length; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(options.signal);
    if (!groups.shares(i)) {
      // Empty, or no earlier unit has any of its band keys: nothing to verify it against.
      result.kept[i] = 1;
      continue;
    }
    const { id, text } = units[i];
    const duplicateOf = options.keep?.has(id) ? undefined : firstMatch(sketcher, units, text, groups.candidates(i), threshold);
    if (duplicateOf) {
      result.duplicates.push({ index: i, id, duplicateOf: units[duplicateOf.index].id, duplicateOfIndex: duplicateOf.index, similarity: duplicateOf.similarity });
    } else {
      result.kept[i] = 1;
    }
  }
}

/** The first candidate (in listing order) whose exact similarity to `text` reaches the threshold. */
function firstMatch(
  sketcher: MinHashSketcher,
  units: readonly TextUnit[],
  text: string,
  candidates: readonly number[],
  threshold: number,
): { index: number; similarity: number } | undefined {
  if (candidates.length === 0) return undefined;
  sketcher.holdRaw(text);
  for (const c of candidates) {
    const similarity = sketcher.similarityOfRaw(units[c].text);
    if (similarity >= threshold) return { index: c, similarity };
  }
  return undefined;
}
