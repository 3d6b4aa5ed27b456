import { mix32 } from './mix32';

/**
 * Where each word of a normalised text sits, and a 32-bit hash of each, in
 * buffers reused from text to text: allocating typed arrays per text costs
 * more than scanning it. Valid until the next {@link WordSpans.scan}.
 */
export class WordSpans {
  /** Number of words. */
  count = 0;
  /** Hash of each word's UTF-16 code units (FNV-1a, mixed); the same word always has the same hash. */
  hashes = new Int32Array(256);
  /** UTF-16 offset where each word starts. */
  starts = new Int32Array(256);
  /** UTF-16 offset just past each word. */
  ends = new Int32Array(256);
  /** The text last scanned. */
  text = '';

  /** Grows the word buffers for a text of `length` characters: at most one word per two characters ("a b c"). */
  private reserve(length: number): void {
    const capacity = (length >> 1) + 1;
    if (capacity <= this.hashes.length) return;
    const size = Math.max(capacity, this.hashes.length * 2);
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /**
   * Splits a normalised text (single spaces, no edge spaces) into words in
   * one pass, without a string per word: the stages need hashes, and take a
   * word's characters from the text only when hashes match.
   */
  scan(normalised: string): this {
    this.text = normalised;
    const length = normalised.length;
    this.count = 0;
    if (length === 0) return this;
    this.reserve(length);
    const { hashes, starts, ends } = this;
    let count = 0;
    let start = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < length; i++) {
      const c = normalised.charCodeAt(i);
      if (c === 32) {
        hashes[count] = mix32(h);
        starts[count] = start;
        ends[count++] = i;
        start = i + 1;
        h = FNV_OFFSET;
      } else {
        h = Math.imul(h ^ c, FNV_PRIME);
      }
    }
    hashes[count] = mix32(h);
    starts[count] = start;
    ends[count++] = length;
    this.count = count;
    return this;
  }

  /** Words `from` to `to` (exclusive) as they appear in the text, single-spaced. */
  slice(from: number, to: number): string {
    return this.text.slice(this.starts[from], this.ends[to - 1]);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
