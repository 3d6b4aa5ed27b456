import { LshBanding } from './lshBanding';
import { mix32, seededWords } from './mix32';
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
  private readonly multipliers: Int32Array;
  private readonly offsets: Int32Array;
  private readonly signature: Int32Array;
  private readonly words = new WordSpans();
  private shingles = new Int32Array(256);

  constructor(
    readonly shingleSize: number,
    readonly banding: LshBanding,
  ) {
    const hashes = banding.bands * banding.rows;
    const words = seededWords(MINHASH_SEED, 2 * hashes);
    this.multipliers = words.subarray(0, hashes).map((a) => a | 1);
    this.offsets = words.subarray(hashes);
    this.signature = new Int32Array(hashes);
  }

  /**
   * Band keys of a normalised text into `keys` (length `bands`); false for an
   * empty text, which has no shingles and matches nothing.
   */
  bandKeys(normalised: string, keys: Int32Array): boolean {
    const words = this.words.scan(normalised);
    const count = shingleCount(words, this.shingleSize);
    if (count === 0) return false;
    if (count > this.shingles.length) this.shingles = new Int32Array(Math.max(count, 2 * this.shingles.length));
    shingleHashes(words, this.shingleSize, this.shingles);
    this.sign(this.shingles, count);
    const { bands, rows } = this.banding;
    const signature = this.signature;
    for (let band = 0; band < bands; band++) {
      let h = band;
      for (let r = band * rows, end = r + rows; r < end; r++) h = Math.imul(h ^ signature[r], 0x9e3779b1) ^ (h >>> 15);
      keys[band] = mix32(h);
    }
    return true;
  }

  /**
   * MinHash by universal hashing: h_i(x) = a_i·x + b_i mod 2^32 over shingle
   * hashes that are already mixed, minimum taken in signed order (any fixed
   * order is a valid permutation). Four hash functions per pass over the
   * shingles: each shingle is loaded once for four independent min chains,
   * which the CPU runs in parallel.
   */
  private sign(shingles: Int32Array, n: number): void {
    const { multipliers, offsets, signature } = this;
    const k = signature.length;
    let i = 0;
    for (; i + 4 <= k; i += 4) {
      const a0 = multipliers[i], a1 = multipliers[i + 1], a2 = multipliers[i + 2], a3 = multipliers[i + 3];
      const b0 = offsets[i], b1 = offsets[i + 1], b2 = offsets[i + 2], b3 = offsets[i + 3];
      let m0 = 0x7fffffff, m1 = 0x7fffffff, m2 = 0x7fffffff, m3 = 0x7fffffff;
      for (let j = 0; j < n; j++) {
        const x = shingles[j];
        const h0 = (Math.imul(x, a0) + b0) | 0;
        const h1 = (Math.imul(x, a1) + b1) | 0;
        const h2 = (Math.imul(x, a2) + b2) | 0;
        const h3 = (Math.imul(x, a3) + b3) | 0;
        if (h0 < m0) m0 = h0;
        if (h1 < m1) m1 = h1;
        if (h2 < m2) m2 = h2;
        if (h3 < m3) m3 = h3;
      }
      signature[i] = m0;
      signature[i + 1] = m1;
      signature[i + 2] = m2;
      signature[i + 3] = m3;
    }
    for (; i < k; i++) {
      const a = multipliers[i];
      const b = offsets[i];
      let min = 0x7fffffff;
      for (let j = 0; j < n; j++) {
        const h = (Math.imul(shingles[j], a) + b) | 0;
        if (h < min) min = h;
      }
      signature[i] = min;
    }
  }
}
