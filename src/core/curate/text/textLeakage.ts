import { throwIfAborted, usageError } from '../../errors';
import { compareCodePoints } from '../../text/compareCodePoints';
import { chooseBanding, LshBanding } from './lshBanding';
import { LshIndex } from './lshIndex';
import { MinHashSketcher } from './minHashSketcher';
import { DEFAULT_SHINGLE_SIZE, DEFAULT_TEXT_DEDUP_THRESHOLD } from './minHashTextDedup';
import { normaliseText } from './normaliseText';
import { exactJaccard, ShingleKeys } from './shingleKeys';
import { TextUnit } from './textUnit';

export type SplitSide = 'train' | 'eval';

/** A unit (record or group) and the split its group was assigned to. */
export interface SplitTextUnit extends TextUnit {
  split: SplitSide;
  /** Group key: the split assigns whole groups, and `move` moves whole groups. */
  group: string;
}

/** A near-duplicate pair straddling the split. */
export interface LeakagePair {
  trainIndex: number;
  trainId: string;
  trainGroup: string;
  evalIndex: number;
  evalId: string;
  evalGroup: string;
  /** Exact Jaccard similarity of the two shingle sets. */
  similarity: number;
}

export interface TextLeakageOptions {
  /** Exact Jaccard similarity at or above which a pair leaks (default 0.8, the text dedup default). */
  threshold?: number;
  /** Words per shingle (default 5). */
  shingleSize?: number;
  /** Bands and rows (default: {@link chooseBanding} of the threshold). */
  banding?: LshBanding;
  /** Use the JavaScript signature kernel even where WebAssembly SIMD is available. For tests. */
  portable?: boolean;
  signal?: AbortSignal;
}

/**
 * Near-duplicate pairs with one unit in train and one in eval, by the same
 * shingles, LSH candidates and exact Jaccard verification as the MinHash
 * dedup. Ordered by eval unit, then train unit (input positions).
 *
 * @example
 * const pairs = findTextLeakage(units, { threshold: 0.8 });
 */
export function findTextLeakage(units: readonly SplitTextUnit[], options: TextLeakageOptions = {}): LeakagePair[] {
  return new LeakageCheck(units, options).pairs((i) => units[i].split);
}

/** Outcome of moving leaked train groups to eval. */
export interface LeakageMove {
  /** Pairs straddling the split before the move. */
  before: LeakagePair[];
  /** Train groups moved to eval, ordered by code point. */
  moved: string[];
  /** Pairs still straddling after the move (moved units can now leak against other train units). */
  after: LeakagePair[];
}

/**
 * `--leakage move`: one deterministic pass that moves the train-side group of
 * every straddling pair to eval, then lists what still straddles. Not
 * repeated to a fixed point: each pass can only grow eval, and a person
 * should see what a second pass would move rather than have eval swallow
 * train by chains of similarity.
 */
export function moveTextLeakage(units: readonly SplitTextUnit[], options: TextLeakageOptions = {}): LeakageMove {
  const check = new LeakageCheck(units, options);
  const before = check.pairs((i) => units[i].split);
  const moved = new Set(before.map((pair) => pair.trainGroup));
  const after = check.pairs((i) => (moved.has(units[i].group) ? 'eval' : units[i].split));
  return { before, moved: [...moved].sort(compareCodePoints), after };
}

/** Band keys of every unit, computed once, so a move's second look costs only the index. */
class LeakageCheck {
  private readonly threshold: number;
  private readonly shingleSize: number;
  private readonly bands: number;
  private readonly keys: Int32Array;
  private readonly hasShingles: Uint8Array;

  constructor(
    private readonly units: readonly SplitTextUnit[],
    private readonly options: TextLeakageOptions,
  ) {
    this.threshold = options.threshold ?? DEFAULT_TEXT_DEDUP_THRESHOLD;
    this.shingleSize = options.shingleSize ?? DEFAULT_SHINGLE_SIZE;
    if (!(Number.isInteger(this.shingleSize) && this.shingleSize >= 1)) {
      throw usageError(`shingle size must be a positive integer, got ${this.shingleSize}`, { field: 'shingleSize' });
    }
    const banding = options.banding ?? chooseBanding(this.threshold);
    const sketcher = new MinHashSketcher(this.shingleSize, banding, { portable: options.portable });
    this.bands = banding.bands;
    this.keys = new Int32Array(units.length * this.bands);
    this.hasShingles = new Uint8Array(units.length);
    for (let i = 0; i < units.length; i++) {
      if ((i & 0xfff) === 0) throwIfAborted(options.signal);
      this.hasShingles[i] = sketcher.bandKeysOfRaw(units[i].text, this.keys.subarray(i * this.bands, (i + 1) * this.bands)) ? 1 : 0;
    }
  }

  pairs(splitOf: (i: number) => SplitSide): LeakagePair[] {
    const { units, bands, keys, hasShingles } = this;
    const index = new LshIndex(bands, units.length);
    for (let i = 0; i < units.length; i++) if (hasShingles[i] && splitOf(i) === 'train') index.add(i, keys.subarray(i * bands, (i + 1) * bands));
    const own = new ShingleKeys();
    const other = new ShingleKeys();
    const pairs: LeakagePair[] = [];
    for (let e = 0; e < units.length; e++) {
      if ((e & 0xfff) === 0) throwIfAborted(this.options.signal);
      if (!hasShingles[e] || splitOf(e) !== 'eval') continue;
      const candidates = index.candidates(keys.subarray(e * bands, (e + 1) * bands));
      if (candidates.length > 0) own.load(normaliseText(units[e].text), this.shingleSize);
      for (const t of candidates) {
        const similarity = exactJaccard(own, other.load(normaliseText(units[t].text), this.shingleSize));
        if (similarity < this.threshold) continue;
        pairs.push({
          trainIndex: t,
          trainId: units[t].id,
          trainGroup: units[t].group,
          evalIndex: e,
          evalId: units[e].id,
          evalGroup: units[e].group,
          similarity,
        });
      }
    }
    return pairs;
  }
}
