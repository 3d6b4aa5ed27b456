import { throwIfAborted, usageError } from '../../errors';
import { findLeakage, LeakageMeasure, LeakageMove, LeakagePair, moveLeakage, PairEvidence, SplitSide, SplitUnit } from '../leakage';
import { chooseBanding, LshBanding } from './lshBanding';
import { LshIndex } from './lshIndex';
import { MinHashSketcher } from './minHashSketcher';
import { DEFAULT_SHINGLE_SIZE, DEFAULT_TEXT_DEDUP_THRESHOLD } from './minHashTextDedup';
import { normaliseText } from './normaliseText';
import { exactJaccard, ShingleKeys } from './shingleKeys';
import { TextUnit } from './textUnit';

/** A unit (record or group) with its text and the side its split group was assigned to. */
export interface SplitTextUnit extends TextUnit, SplitUnit {}

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
 * Near-duplicate pairs with one unit in train and one in eval, by the text
 * measure alone (see {@link TextLeakageMeasure}). Ordered by eval unit, then
 * train unit (input positions).
 *
 * @example
 * const pairs = findTextLeakage(units, { threshold: 0.8 });
 */
export function findTextLeakage(units: readonly SplitTextUnit[], options: TextLeakageOptions = {}): LeakagePair[] {
  return findLeakage(units, [new TextLeakageMeasure(units, options)]);
}

/** `--leakage move` by the text measure alone (see {@link moveLeakage}). */
export function moveTextLeakage(units: readonly SplitTextUnit[], options: TextLeakageOptions = {}): LeakageMove {
  return moveLeakage(units, [new TextLeakageMeasure(units, options)]);
}

/**
 * The text measure of train/eval leakage: the same shingles, LSH candidates
 * and exact Jaccard verification as the MinHash dedup. Band keys of every
 * unit are computed once, so a move's second look costs only the index.
 */
export class TextLeakageMeasure implements LeakageMeasure {
  private readonly threshold: number;
  private readonly shingleSize: number;
  private readonly bands: number;
  private readonly keys: Int32Array;
  private readonly hasShingles: Uint8Array;

  constructor(
    private readonly units: readonly TextUnit[],
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

  straddling(splitOf: (i: number) => SplitSide): PairEvidence[] {
    const { units, bands, keys, hasShingles } = this;
    const index = new LshIndex(bands, units.length);
    for (let i = 0; i < units.length; i++) if (hasShingles[i] && splitOf(i) === 'train') index.add(i, keys.subarray(i * bands, (i + 1) * bands));
    const own = new ShingleKeys();
    const other = new ShingleKeys();
    const pairs: PairEvidence[] = [];
    for (let e = 0; e < units.length; e++) {
      if ((e & 0xfff) === 0) throwIfAborted(this.options.signal);
      if (!hasShingles[e] || splitOf(e) !== 'eval') continue;
      const candidates = index.candidates(keys.subarray(e * bands, (e + 1) * bands));
      if (candidates.length > 0) own.load(normaliseText(units[e].text), this.shingleSize);
      for (const t of candidates) {
        const similarity = exactJaccard(own, other.load(normaliseText(units[t].text), this.shingleSize));
        if (similarity < this.threshold) continue;
        pairs.push({ train: t, eval: e, similarity });
      }
    }
    return pairs;
  }
}
