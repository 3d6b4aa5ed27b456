import { LshBanding } from './lshBanding';
import { HASHES_PER_GROUP, MinHashKernel, minHashKernel } from './minHashKernel';
import { mix32, seededWords } from './mix32';
import { normaliseText } from './normaliseText';
import { shingleCount, shingleHashes } from './shingles';
import { WordSpans } from './wordSpans';

/** The seed of the hash functions: fixed, so the same input always gives the same decisions. */
const MINHASH_SEED = 0x5eed_7e47;

/**
 * Turns texts into LSH band keys (normalise → word shingles → MinHash
 * signature → one key per band). Shared by the MinHash dedup and the leakage
 * check so both see the same shingles and the same candidates; both verify
 * candidates with `exactJaccard` (shingleKeys.ts).
 */
export class MinHashSketcher {
  /** Which signature kernel runs: 'wasm-simd' or 'portable'. */
  readonly kernel: MinHashKernel['name'];
  private readonly minHash: MinHashKernel;
  private readonly signature: Int32Array;
  private readonly words = new WordSpans();

  constructor(
    readonly shingleSize: number,
    readonly banding: LshBanding,
    options: { portable?: boolean } = {},
  ) {
    // Rounded up to whole kernel groups; the extra hash functions are computed and not used.
    const hashes = Math.ceil((banding.bands * banding.rows) / HASHES_PER_GROUP) * HASHES_PER_GROUP;
    const words = seededWords(MINHASH_SEED, 2 * hashes);
    this.minHash = minHashKernel(
      words.subarray(0, hashes).map((a) => a | 1),
      words.slice(hashes),
      options,
    );
    this.kernel = this.minHash.name;
    this.signature = new Int32Array(hashes);
  }

  /**
   * Band keys of a normalised text into `keys` (length `bands`); false for an
   * empty text, which has no shingles and matches nothing.
   */
  bandKeys(normalised: string, keys: Int32Array): boolean {
    return this.keysOf(this.words.scan(normalised), keys);
  }

  /** {@link bandKeys} of `normaliseText(raw)`, without building the normalised text when `raw` is ASCII. */
  bandKeysOfRaw(raw: string, keys: Int32Array): boolean {
    return this.keysOf(this.words.scanAscii(raw) ? this.words : this.words.scan(normaliseText(raw)), keys);
  }

  private keysOf(words: WordSpans, keys: Int32Array): boolean {
    const count = shingleCount(words, this.shingleSize);
    if (count === 0) return false;
    shingleHashes(words, this.shingleSize, this.minHash.reserve(count));
    this.minHash.sign(count, this.signature);
    const { bands, rows } = this.banding;
    const signature = this.signature;
    for (let band = 0; band < bands; band++) {
      let h = band;
      for (let r = band * rows, end = r + rows; r < end; r++) h = Math.imul(h ^ signature[r], 0x9e3779b1) ^ (h >>> 15);
      keys[band] = mix32(h);
    }
    return true;
  }

  /** The full signature of the last text given to {@link bandKeys}. For tests. */
  lastSignature(): Int32Array {
    return this.signature.slice(0, this.banding.bands * this.banding.rows);
  }
}
