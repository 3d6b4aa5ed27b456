import { usageError } from '../../errors';
import { BenchmarkItem } from './benchmarkItems';
import { mix32 } from './mix32';
import { normaliseText } from './normaliseText';
import { WordSpans } from './wordSpans';

export const DEFAULT_NGRAM = 13;
/** Items with fewer words are too generic to call a match contamination ("the answer is"). */
export const MIN_ITEM_WORDS = 3;

/** Where a unit's words matched a benchmark item. */
export interface NgramHit {
  item: BenchmarkItem;
  /** The shared word sequence, normalised. */
  ngram: string;
}

/** Multiplier of the polynomial window hash; odd, so powers never vanish mod 2^32. */
const BASE = 0x2545f491;
/** Bits of the prefilter: a miss costs one bit test instead of a Map lookup. */
const FILTER_BITS = 1 << 24;

/**
 * The word n-grams of benchmark items, for n-gram decontamination: every
 * n-word window of items of at least n words, and the whole word sequence of
 * items of MIN_ITEM_WORDS..n−1 words (matched as a window of that length).
 * Windows are filed under a polynomial hash of their word hashes, so a unit's
 * windows of every length are hashed in O(1) each from prefix sums; a hit is
 * confirmed by comparing the words themselves.
 *
 * @example
 * const index = NgramIndex.build(loadBenchmarkItems(['gsm8k.jsonl'], { field: 'question' }), 13);
 */
export class NgramIndex {
  /** Items that were indexed. */
  readonly indexed: number;
  /** Items of fewer than MIN_ITEM_WORDS words, not indexed (reported, so a person sees them). */
  readonly ignored: BenchmarkItem[];
  /** Distinct window hashes filed. */
  readonly ngrams: number;
  /** Window lengths to look up: n first, then the short items' lengths ascending. */
  private readonly lengths: number[];
  private readonly tables = new Map<number, Map<number, number[]>>();
  private readonly filter = new Int32Array(FILTER_BITS >>> 5);
  /** Filed windows: item index and first word. */
  private readonly entryItem: number[] = [];
  private readonly entryStart: number[] = [];
  private readonly itemWords: WordSpans[] = [];
  private readonly unitWords = new WordSpans();
  private prefix = new Int32Array(256);
  private readonly powers = new Map<number, number>();

  private constructor(
    readonly n: number,
    readonly items: readonly BenchmarkItem[],
  ) {
    if (!(Number.isInteger(n) && n >= MIN_ITEM_WORDS)) throw usageError(`expected an integer ≥ ${MIN_ITEM_WORDS}, got ${n}`, { option: 'ngram' });
    const ignored: BenchmarkItem[] = [];
    const lengths = new Set<number>();
    let indexed = 0;
    let ngrams = 0;
    items.forEach((item, itemIndex) => {
      const words = new WordSpans().scan(normaliseText(item.text));
      this.itemWords.push(words);
      if (words.count < MIN_ITEM_WORDS) {
        ignored.push(item);
        return;
      }
      indexed++;
      const length = Math.min(n, words.count);
      lengths.add(length);
      const prefix = this.prefixOf(words);
      const table = this.tableOf(length);
      for (let start = 0; start + length <= words.count; start++) {
        const key = this.windowKey(prefix, start, length);
        let entries = table.get(key);
        if (!entries) {
          table.set(key, (entries = []));
          this.filter[(key >>> 5) & (FILTER_BITS / 32 - 1)] |= 1 << (key & 31);
          ngrams++;
        }
        entries.push(this.entryItem.length);
        this.entryItem.push(itemIndex);
        this.entryStart.push(start);
      }
    });
    this.indexed = indexed;
    this.ignored = ignored;
    this.ngrams = ngrams;
    this.lengths = [...lengths].sort((a, b) => (a === n ? -1 : b === n ? 1 : a - b));
  }

  /** Indexes `items` (in order: earlier items win ties in evidence) for n-grams of `n` words (default 13). */
  static build(items: readonly BenchmarkItem[], n = DEFAULT_NGRAM): NgramIndex {
    return new NgramIndex(n, items);
  }

  /**
   * The first match in a normalised text: by word position, then n-grams
   * before short items (shortest first), then the earliest item.
   */
  find(normalised: string): NgramHit | undefined {
    const words = this.unitWords.scan(normalised);
    if (words.count < MIN_ITEM_WORDS || this.lengths.length === 0) return undefined;
    const prefix = this.prefixOf(words);
    for (let start = 0; start < words.count; start++) {
      for (const length of this.lengths) {
        if (start + length > words.count) continue;
        const key = this.windowKey(prefix, start, length);
        if ((this.filter[(key >>> 5) & (FILTER_BITS / 32 - 1)] & (1 << (key & 31))) === 0) continue;
        const entries = this.tables.get(length)!.get(key);
        if (!entries) continue;
        const ngram = words.slice(start, start + length);
        for (const e of entries) {
          const item = this.entryItem[e];
          const at = this.entryStart[e];
          if (this.itemWords[item].slice(at, at + length) === ngram) return { item: this.items[item], ngram };
        }
      }
    }
    return undefined;
  }

  /** prefix[j] = polynomial hash of the first j word hashes, in a buffer reused from text to text. */
  private prefixOf(words: WordSpans): Int32Array {
    if (words.count + 1 > this.prefix.length) this.prefix = new Int32Array(Math.max(words.count + 1, this.prefix.length * 2));
    const prefix = this.prefix;
    prefix[0] = 0;
    for (let j = 0; j < words.count; j++) prefix[j + 1] = (Math.imul(prefix[j], BASE) + words.hashes[j]) | 0;
    return prefix;
  }

  /** 30-bit key of the window [start, start + length): small integers keep V8's Maps fast. */
  private windowKey(prefix: Int32Array, start: number, length: number): number {
    const h = (prefix[start + length] - Math.imul(prefix[start], this.power(length))) | 0;
    return mix32(h ^ Math.imul(length, 0x9e3779b1)) & 0x3fffffff;
  }

  private power(length: number): number {
    let p = this.powers.get(length);
    if (p === undefined) {
      p = 1;
      for (let i = 0; i < length; i++) p = Math.imul(p, BASE);
      this.powers.set(length, p);
    }
    return p;
  }

  private tableOf(length: number): Map<number, number[]> {
    let table = this.tables.get(length);
    if (!table) this.tables.set(length, (table = new Map()));
    return table;
  }
}
