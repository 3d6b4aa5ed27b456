import { jaccard, shingleCount, shingleHashes, shingleSet } from './shingles';
import { WordSpans } from './wordSpans';

/** Positions fit in 21 bits beside a 32-bit hash: 53 bits, exact in a double. */
const POSITION_BITS = 2 ** 21;

/**
 * A text's shingles as sorted numbers (32-bit hash · 2^21 + position), so the
 * exact Jaccard of two texts is one merge of two natively sorted
 * Float64Arrays instead of two string Sets (several times slower). Hashes
 * only say where to look: equal hashes are confirmed by comparing the
 * shingles' characters, so a hash collision never changes a similarity.
 * Buffers are reused from text to text.
 */
export class ShingleKeys {
  readonly words = new WordSpans();
  width = 0;
  count = 0;
  keys = new Float64Array(256);
  private hashes = new Int32Array(256);

  /** Loads a normalised text's shingles. */
  load(normalised: string, size: number): this {
    const words = this.words.scan(normalised);
    const count = shingleCount(words, size);
    if (count > this.hashes.length) {
      this.hashes = new Int32Array(Math.max(count, this.hashes.length * 2));
      this.keys = new Float64Array(this.hashes.length);
    }
    shingleHashes(words, size, this.hashes);
    for (let i = 0; i < count; i++) this.keys[i] = (this.hashes[i] >>> 0) * POSITION_BITS + i;
    this.keys.subarray(0, count).sort();
    this.count = count;
    this.width = Math.min(size, words.count);
    return this;
  }

  /** The shingle at a key's position. */
  shingleAt(key: number): string {
    const position = key % POSITION_BITS;
    return this.words.slice(position, position + this.width);
  }

  /** Too many shingles for the position bits: verify with string sets instead. */
  get oversized(): boolean {
    return this.count >= POSITION_BITS;
  }
}

/**
 * Exact Jaccard similarity of two loaded shingle sets (distinct shingles; 0
 * when either is empty). Equal to `jaccard(shingleSet(a), shingleSet(b))`.
 */
export function exactJaccard(a: ShingleKeys, b: ShingleKeys): number {
  if (a.count === 0 || b.count === 0) return 0;
  if (a.oversized || b.oversized) return jaccard(shingleSet(a.words, a.width), shingleSet(b.words, b.width));
  const ka = a.keys;
  const kb = b.keys;
  let i = 0;
  let j = 0;
  let distinctA = 0;
  let distinctB = 0;
  let common = 0;
  while (i < a.count || j < b.count) {
    const ha = i < a.count ? Math.floor(ka[i] / POSITION_BITS) : Infinity;
    const hb = j < b.count ? Math.floor(kb[j] / POSITION_BITS) : Infinity;
    const h = Math.min(ha, hb);
    let ie = i;
    while (ie < a.count && Math.floor(ka[ie] / POSITION_BITS) === h) ie++;
    let je = j;
    while (je < b.count && Math.floor(kb[je] / POSITION_BITS) === h) je++;
    if (ie - i === 1 && je === j) distinctA++;
    else if (je - j === 1 && ie === i) distinctB++;
    else if (ie - i === 1 && je - j === 1) {
      // The common case of a shared shingle: one on each side.
      const same = a.shingleAt(ka[i]) === b.shingleAt(kb[j]);
      distinctA++;
      distinctB++;
      if (same) common++;
    } else {
      // Repeated shingles or a hash collision: compare the run's strings.
      const sa = new Set<string>();
      for (let k = i; k < ie; k++) sa.add(a.shingleAt(ka[k]));
      const sb = new Set<string>();
      for (let k = j; k < je; k++) sb.add(b.shingleAt(kb[k]));
      distinctA += sa.size;
      distinctB += sb.size;
      for (const s of sa) if (sb.has(s)) common++;
    }
    i = ie;
    j = je;
  }
  return common / (distinctA + distinctB - common);
}
