import { normaliseText } from '../../src/core/curate/text/normaliseText';
import { shingleCount, shingleHashes } from '../../src/core/curate/text/shingles';
import { exactJaccard, ShingleKeys } from '../../src/core/curate/text/shingleKeys';
import { WordSpans } from '../../src/core/curate/text/wordSpans';

/**
 * The exact greedy text dedup at bench sizes, where the O(n²) loop of the
 * tests would take days: prefix filtering finds every pair that can reach
 * the threshold (two sets with Jaccard ≥ t share a shingle among the first
 * |A| − ⌈t·|A|⌉ + 1 of each under one global order; here the order of the
 * shingles' 32-bit hashes), then exact Jaccard decides. The recall baseline
 * for the MinHash stage at 100k.
 */
export function exactGreedyTextDedup(texts: readonly string[], threshold: number, shingleSize: number): Int32Array {
  const duplicateOf = new Int32Array(texts.length).fill(-1);
  const postings = new Map<number, number[]>();
  const words = new WordSpans();
  let hashes = new Int32Array(1024);
  const own = new ShingleKeys();
  const other = new ShingleKeys();
  const seen = new Int32Array(texts.length).fill(-1);
  for (let i = 0; i < texts.length; i++) {
    const normalised = normaliseText(texts[i]);
    words.scan(normalised);
    const count = shingleCount(words, shingleSize);
    if (count === 0) continue;
    if (count > hashes.length) hashes = new Int32Array(count * 2);
    shingleHashes(words, shingleSize, hashes);
    const distinct = [...new Set(hashes.subarray(0, count))].sort((a, b) => a - b);
    const prefix = distinct.slice(0, distinct.length - Math.ceil(threshold * distinct.length) + 1);
    const candidates: number[] = [];
    for (const h of prefix) {
      for (const k of postings.get(h) ?? []) {
        if (seen[k] !== i) {
          seen[k] = i;
          candidates.push(k);
        }
      }
    }
    candidates.sort((a, b) => a - b);
    if (candidates.length > 0) own.load(normalised, shingleSize);
    for (const k of candidates) {
      if (exactJaccard(own, other.load(normaliseText(texts[k]), shingleSize)) >= threshold) {
        duplicateOf[i] = k;
        break;
      }
    }
    if (duplicateOf[i] >= 0) continue;
    for (const h of prefix) {
      const list = postings.get(h);
      if (list) list.push(i);
      else postings.set(h, [i]);
    }
  }
  return duplicateOf;
}
