import { throwIfAborted, usageError } from '../../errors';
import { chooseBanding, LshBanding } from './lshBanding';
import { groupBandKeys } from './bandGroups';
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
 * kept units are filed, so A≈B≈C never drops C for resembling a dropped B.
 * MinHash + LSH only chooses which kept units to verify: every removal is
 * verified exactly (precision 1); a pair is missed only when no band agrees
 * (recall ≥ 0.99 at the threshold, see {@link chooseBanding}). Empty texts
 * and units in `keep` stay; kept units are filed either way.
 *
 * Three passes: every unit's band keys (one-permutation sketch, see
 * {@link MinHashSketcher}); the keys grouped per band ({@link groupBandKeys}:
 * a key no other unit has can never make a candidate, so most units need no
 * lookup at all); then the greedy in listing order over the units that share
 * a key, each verified against the kept units filed under its groups, in
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
  const { bands } = banding;
  const n = units.length;
  const sketcher = new MinHashSketcher(shingleSize, banding, { portable: options.portable });
  const keys = new Int32Array(n * bands);
  const present = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(options.signal);
    present[i] = sketcher.bandKeysOfRaw(units[i].text, keys, i, n) ? 1 : 0;
  }
  throwIfAborted(options.signal);
  const groups = keys; // Band-major group numbers from here on (-1: the unit shares no key in that band).
  const heads = new Int32Array(groupBandKeys(groups, n, bands, present)).fill(-1);
  // Kept units filed per group: chains of entries, newest first.
  let filedUnit: Int32Array = new Int32Array(1024);
  let filedNext: Int32Array = new Int32Array(1024);
  let filed = 0;
  const seen = new Int32Array(n).fill(-1);
  const candidates: number[] = [];
  const result: TextDedupResult = { kept: new Uint8Array(n), duplicates: [] };
  for (let i = 0; i < n; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(options.signal);
    let shared = false;
    for (let b = 0; b < bands && !shared; b++) shared = groups[b * n + i] >= 0;
    if (!shared) {
      // Empty, or no other unit has any of its band keys: nothing can match it, or be matched against it.
      result.kept[i] = 1;
      continue;
    }
    const { id, text } = units[i];
    let duplicateOf = -1;
    let similarity = NaN;
    if (!options.keep?.has(id)) {
      candidates.length = 0;
      for (let b = 0; b < bands; b++) {
        const g = groups[b * n + i];
        if (g < 0) continue;
        for (let e = heads[g]; e >= 0; e = filedNext[e]) {
          const c = filedUnit[e];
          if (seen[c] !== i) {
            seen[c] = i;
            candidates.push(c);
          }
        }
      }
      if (candidates.length > 1) candidates.sort((x, y) => x - y);
      if (candidates.length > 0) sketcher.holdRaw(text);
      for (const c of candidates) {
        const s = sketcher.similarityOfRaw(units[c].text);
        if (s >= threshold) {
          duplicateOf = c;
          similarity = s;
          break;
        }
      }
    }
    if (duplicateOf >= 0) {
      result.duplicates.push({ index: i, id, duplicateOf: units[duplicateOf].id, duplicateOfIndex: duplicateOf, similarity });
      continue;
    }
    result.kept[i] = 1;
    if (filed + bands > filedUnit.length) {
      filedUnit = grown(filedUnit);
      filedNext = grown(filedNext);
    }
    for (let b = 0; b < bands; b++) {
      const g = groups[b * n + i];
      if (g < 0) continue;
      filedUnit[filed] = i;
      filedNext[filed] = heads[g];
      heads[g] = filed++;
    }
  }
  return result;
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
