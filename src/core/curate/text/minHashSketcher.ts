import { usageError } from '../../errors';
import { LshBanding } from './lshBanding';
import { KERNEL_CONSTANTS, MinHashKernel, minHashKernel } from './minHashKernel';
import { mix32 } from './mix32';
import { normaliseText } from './normaliseText';

/** The seed of the word hashes: fixed, so the same input always gives the same decisions. */
const MINHASH_SEED = 0x5eed_7e47;
/** The seed of the densification probe sequences. */
const DENSIFY_SEED = mix32(MINHASH_SEED ^ 0x0de0_5e17);

/** Bytes of spaces the kernel writes after every text: it reads 32 bytes at a time. */
const PADDING = 32;

/**
 * Where one loaded text lives in the kernel's memory: its UTF-8 bytes, its
 * words' offsets and hashes, its shingle hashes, and per shingle a slot
 * number for the verification's table.
 */
interface Slot {
  input: number;
  byteCapacity: number;
  starts: number;
  ends: number;
  hashes: number;
  shingles: number;
  slotOf: number;
  wordCapacity: number;
  /** Words, shingle width, shingles. */
  count: number;
  width: number;
  m: number;
}

/**
 * Turns texts into LSH band keys (normalise → word shingles → one-permutation
 * MinHash sketch → one key per band), and verifies candidates by the exact
 * Jaccard similarity of their shingle sets. Shared by the MinHash dedup and
 * the leakage check so both see the same shingles and the same candidates.
 *
 * A raw text is written to the kernel's memory as UTF-8 in one native call;
 * when that shows it is ASCII (as many bytes as characters), the kernel's
 * word scan normalises it on the fly (NFKC leaves ASCII alone, lower case is
 * A–Z → a–z, `\s` is tab, LF, VT, FF, CR and space, and words are runs of
 * anything else), so no normalised string is built. Otherwise the text is
 * normalised with `normaliseText` and its UTF-8 scanned the same way: equal
 * normalised words are equal bytes either way.
 *
 * The sketch (docs/text-curation.md): each shingle's 32-bit hash picks one of
 * 2^k ≥ bands × rows bins (its top k bits) and a value; a bin keeps its
 * smallest value; the first bands × rows bins are the sketch, an empty one
 * copying the first non-empty bin of its own fixed probe sequence (optimal
 * densification, Shrivastava 2017). For two texts each bin agrees with
 * probability equal to their Jaccard similarity, as with bands × rows
 * independent MinHash functions, at one hash per shingle instead of one per
 * shingle and function.
 */
export class MinHashSketcher {
  /** Which kernel runs: 'wasm-simd' or 'portable'. */
  readonly kernel: MinHashKernel['name'];
  private readonly k: MinHashKernel;
  /** Values in a sketch (bands × rows), and the shift that takes a hash to one of 2^(32 - shift) ≥ that many bins. */
  private readonly used: number;
  private readonly shift: number;
  private readonly work: number;
  private readonly signature: number;
  private readonly keys: number;
  /** Where the kernel writes a second result. */
  private readonly out: number;
  private top: number;
  /** The text being sketched or verified against, and the candidate being verified. */
  private readonly own: Slot;
  private readonly other: Slot;
  /** The own text's distinct shingles, tabled for verification (entries, marks, size); distinct -1 = not yet. */
  private table = 0;
  private marks = 0;
  private tableCapacity = 0;
  private mask = 0;
  private distinct = -1;
  /** A number new to every comparison, for the table's marks. */
  private stamp = 0;

  constructor(
    readonly shingleSize: number,
    readonly banding: LshBanding,
    options: { portable?: boolean } = {},
  ) {
    this.used = banding.bands * banding.rows;
    const bits = Math.max(1, Math.ceil(Math.log2(this.used)));
    // The kernel numbers probe sequences b · 65536 + attempt; chooseBanding stays at 64.
    if (bits > 15) throw usageError(`bands × rows must be at most 32768, got ${this.used}`, { field: 'banding' });
    this.shift = 32 - bits;
    this.k = minHashKernel(1 << 18, options);
    this.kernel = this.k.name;
    this.work = KERNEL_CONSTANTS;
    this.signature = this.work + align(4 << bits);
    this.keys = this.signature + align(4 * this.used);
    this.out = this.keys + align(4 * banding.bands);
    this.top = this.out + 16;
    this.own = this.slot(4096);
    this.other = this.slot(4096);
  }

  /**
   * Band keys of a normalised text into `keys` (length `bands`); false for an
   * empty text, which has no shingles and matches nothing.
   */
  bandKeys(normalised: string, keys: Int32Array): boolean {
    return this.load(this.own, normalised, false) && this.keysOf(keys, 0, 1);
  }

  /**
   * {@link bandKeys} of `normaliseText(raw)`, into `keys[offset + b · stride]`
   * for band b (by default the first `bands` values).
   */
  bandKeysOfRaw(raw: string, keys: Int32Array, offset = 0, stride = 1): boolean {
    return this.load(this.own, raw, true) && this.keysOf(keys, offset, stride);
  }

  /** The full sketch (bands × rows values) of the last text given to {@link bandKeys}. For tests. */
  lastSignature(): Int32Array {
    return this.k.ints.slice(this.signature >> 2, (this.signature >> 2) + this.used);
  }

  /**
   * Loads `normaliseText(raw)`'s shingles as the text {@link similarityOfRaw}
   * compares with (as {@link bandKeysOfRaw} does); false for an empty text.
   */
  holdRaw(raw: string): boolean {
    return this.load(this.own, raw, true);
  }

  /**
   * Exact Jaccard similarity of the shingle sets of `normaliseText(raw)` and
   * of the text last given to {@link holdRaw} or {@link bandKeysOfRaw} (0 when
   * either is empty). Equal shingle hashes are confirmed byte by byte, so a
   * hash collision never changes a similarity; equal to `jaccard(shingleSet(…))`.
   */
  similarityOfRaw(raw: string): number {
    const a = this.own;
    const b = this.other;
    if (a.m === 0 || !this.load(b, raw, true) || a.width !== b.width) return 0;
    // Room for A's distinct shingles and B's, at most half full.
    if (this.distinct < 0 || 2 * (a.m + b.m) > this.mask + 1) this.tabulate(a, 2 * (a.m + b.m));
    const k = this.k;
    const common = k.compare(
      a.input, a.starts, a.ends, a.shingles, a.m, this.table, this.mask, a.slotOf, this.marks, ++this.stamp,
      b.input, b.starts, b.ends, b.shingles, b.m, a.width, b.slotOf, this.out,
    );
    return common / (this.distinct + k.ints[this.out >> 2] - common);
  }

  /** The shingle hashes of `normaliseText(raw)` (one per shingle, repeats included): a view valid until the next call. For the bench's peer. */
  shingleHashesOfRaw(raw: string): Int32Array {
    const slot = this.own;
    if (!this.load(slot, raw, true)) return new Int32Array(0);
    return this.k.ints.subarray(slot.shingles >> 2, (slot.shingles >> 2) + slot.m);
  }

  private keysOf(keys: Int32Array, offset: number, stride: number): boolean {
    const k = this.k;
    const slot = this.own;
    const { bands, rows } = this.banding;
    k.sign(slot.shingles, slot.m, this.shift, this.work, this.signature, DENSIFY_SEED, bands, rows, this.keys);
    const ints = k.ints;
    for (let b = 0, at = this.keys >> 2; b < bands; b++) keys[offset + b * stride] = ints[at + b];
    return true;
  }

  /** Writes a text into a slot and scans its words and shingles; false when it has none. */
  private load(slot: Slot, text: string, raw: boolean): boolean {
    if (slot === this.own) this.distinct = -1;
    slot.m = 0;
    this.reserve(slot, text.length);
    let n = this.k.buffer.write(text, slot.input, slot.byteCapacity, 'utf8');
    if (n !== text.length) {
      // Not ASCII: normalise (if raw) and write the normalised text.
      const normalised = raw ? normaliseText(text) : text;
      this.reserve(slot, normalised.length);
      n = LONE_SURROGATE.test(normalised) ? writeWtf8(normalised, this.k.bytes, slot.input) : this.k.buffer.write(normalised, slot.input, slot.byteCapacity, 'utf8');
    }
    const count = this.k.scan(slot.input, n, slot.starts, slot.ends, slot.hashes, MINHASH_SEED, this.shingleSize, slot.shingles);
    slot.count = count;
    if (count === 0) return false;
    slot.width = Math.min(this.shingleSize, count);
    slot.m = count - slot.width + 1;
    return true;
  }

  /** Tables the own text's distinct shingles, in at least `entries` slots (4 per shingle when possible: short probes). */
  private tabulate(a: Slot, entries: number): void {
    let size = 16;
    while (size < Math.max(entries, 4 * a.m)) size *= 2;
    if (size > this.tableCapacity) {
      // A new region (zeroed memory, so no mark equals a future stamp).
      this.tableCapacity = Math.max(size, 2 * this.tableCapacity);
      this.table = this.top;
      this.marks = this.table + 4 * this.tableCapacity;
      this.top = this.marks + 4 * this.tableCapacity;
      this.k.grow(this.top);
    }
    this.mask = size - 1;
    this.distinct = this.k.table(a.input, a.starts, a.ends, a.shingles, a.m, a.width, this.table, this.mask, a.slotOf);
  }

  /** Room in a slot for a text of `length` UTF-16 units: at most 3 UTF-8 bytes each. */
  private reserve(slot: Slot, length: number): void {
    if (3 * length + PADDING <= slot.byteCapacity) return;
    Object.assign(slot, this.slot(Math.max(3 * length, 2 * slot.byteCapacity)));
  }

  /** A new slot region at the top of memory for `bytes` bytes of text (old regions are abandoned: growth doubles). */
  private slot(bytes: number): Slot {
    const byteCapacity = align(bytes + PADDING);
    // At most one word per two bytes ("a b c"); the kernel writes up to 8 word offsets and 3 shingles past the end.
    const wordCapacity = (byteCapacity >> 1) + 8;
    const input = this.top;
    const starts = input + byteCapacity;
    const ends = starts + align(4 * wordCapacity);
    const hashes = ends + align(4 * wordCapacity);
    const shingles = hashes + align(4 * wordCapacity);
    const slotOf = shingles + align(4 * wordCapacity);
    this.top = slotOf + align(4 * wordCapacity);
    this.k.grow(this.top);
    return { input, byteCapacity, starts, ends, hashes, shingles, slotOf, wordCapacity, count: 0, width: 0, m: 0 };
  }
}

const align = (bytes: number) => (bytes + 15) & ~15;

/** A surrogate not in a pair: UTF-8 would write U+FFFD for it, so different texts could look equal. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * UTF-8 with lone surrogates encoded like any other code point (WTF-8): one
 * byte sequence per string, so equal bytes are equal strings. Returns the
 * byte count.
 */
function writeWtf8(text: string, bytes: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) bytes[p++] = c;
    else if (c < 0x800) {
      bytes[p++] = 0xc0 | (c >> 6);
      bytes[p++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      bytes[p++] = 0xe0 | (c >> 12);
      bytes[p++] = 0x80 | ((c >> 6) & 63);
      bytes[p++] = 0x80 | (c & 63);
    } else {
      bytes[p++] = 0xf0 | (c >> 18);
      bytes[p++] = 0x80 | ((c >> 12) & 63);
      bytes[p++] = 0x80 | ((c >> 6) & 63);
      bytes[p++] = 0x80 | (c & 63);
    }
  }
  return p - at;
}
