import { mix32 } from './mix32';
import { WordSpans } from './wordSpans';

/**
 * A text's shingles are its runs of `size` consecutive words; a text of fewer
 * words (but at least one) is a single shingle, so short texts still compare.
 * An empty text has no shingles.
 */
export function shingleCount(words: WordSpans, size: number): number {
  return words.count === 0 ? 0 : words.count - Math.min(size, words.count) + 1;
}

/**
 * 32-bit hashes of the shingles (repeats included) into `out`, which must
 * hold {@link shingleCount} values; returns that count.
 */
export function shingleHashes(words: WordSpans, size: number, out: Int32Array): number {
  const count = shingleCount(words, size);
  const width = Math.min(size, words.count);
  const hashes = words.hashes;
  for (let i = 0; i < count; i++) {
    let h = width;
    for (let j = 0; j < width; j++) h = Math.imul((h << 5) ^ (h >>> 27) ^ hashes[i + j], 0x9e3779b1);
    out[i] = mix32(h);
  }
  return count;
}

/**
 * The shingles themselves, as the text's substrings: a normalised text has
 * exactly one space between words, so equal substrings are equal word runs.
 * The definition the fast verification (shingleKeys.ts) must agree with.
 */
export function shingleSet(words: WordSpans, size: number): Set<string> {
  const set = new Set<string>();
  const width = Math.min(size, words.count);
  for (let i = 0, n = shingleCount(words, size); i < n; i++) set.add(words.slice(i, i + width));
  return set;
}

/** |A ∩ B| / |A ∪ B|; an empty set matches nothing (similarity 0). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}
