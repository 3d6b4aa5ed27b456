import * as arrow from 'apache-arrow';
import { countWordsOfRanges } from '../strings/countWords';
import { MemoryBudget } from '../spill/memoryBudget';
import { byteRanges, isValid } from './arrowColumns';
import { ByteStrings, ByteStringsBuilder } from './byteStrings';
import { WordCounts } from './wordCounts';

/**
 * Copies the texts of a scan's wanted rows out of each batch, one block per
 * batch, into a ByteStringsBuilder (kept in memory or spilled, by the
 * budget), counting the words of the rows that want them while the block's
 * bytes are at hand: word counts stand in for a record's tokens where it has
 * no `tokens_used` (stats, the preview's sizes), and are not read back from a
 * spill file later.
 */
export class TextBlocks {
  private readonly builder: ByteStringsBuilder;
  readonly words: WordCounts;
  // The batch's wanted rows (typed scratch, reused), copied out of it into one block before the batch is released.
  private data: arrow.Data | undefined;
  private ranges: ReturnType<typeof byteRanges> | undefined;
  private rows = new Int32Array(0);
  private froms = new Float64Array(0);
  private tos = new Float64Array(0);
  private starts = new Uint32Array(0);
  private ends = new Uint32Array(0);
  private counted = new Uint32Array(0);
  private wantsWords = new Uint8Array(0);
  private count = 0;
  private bytes = 0;
  /** A block that goes to the spill file is gathered here, reused for the next one (fresh memory per block is fresh pages to fault in). */
  private scratch = Buffer.allocUnsafe(0);

  constructor(
    readonly length: number,
    budget?: MemoryBudget,
  ) {
    this.builder = new ByteStringsBuilder(length, budget && { budget, stem: 'texts' });
    this.words = new WordCounts(length);
  }

  /** The batch the next rows come from (its `text_payload`); the previous batch's rows are copied out first. */
  batch(data: arrow.Data): void {
    if (data === this.data) return;
    this.flush();
    this.data = data;
    this.ranges = byteRanges(data);
    if (this.rows.length < data.length) {
      const n = data.length;
      this.rows = new Int32Array(n);
      this.froms = new Float64Array(n);
      this.tos = new Float64Array(n);
      this.starts = new Uint32Array(n);
      this.ends = new Uint32Array(n);
      this.counted = new Uint32Array(n);
      this.wantsWords = new Uint8Array(n);
    }
  }

  /** Row `row`'s text is the batch's `i`th (a null text is left null); `wantsWords` when its words stand in for its tokens. */
  add(i: number, row: number, wantsWords: boolean): void {
    const data = this.data!;
    if (!isValid(data, i)) return;
    const from = this.ranges!.start(i);
    const to = this.ranges!.end(i);
    const k = this.count++;
    this.rows[k] = row;
    this.froms[k] = from;
    this.tos[k] = to;
    this.wantsWords[k] = wantsWords ? 1 : 0;
    this.bytes += to - from;
  }

  /** The texts added, and their word counts. */
  finish(): { texts: ByteStrings; words: WordCounts } {
    this.flush();
    this.data = undefined;
    this.ranges = undefined;
    return { texts: this.builder.build(), words: this.words };
  }

  private flush(): void {
    const { count, bytes, rows, froms, tos, starts, ends } = this;
    if (count === 0) return;
    const keep = this.builder.keeps(bytes);
    if (!keep && this.scratch.length < bytes) this.scratch = Buffer.allocUnsafe(Math.max(bytes, 2 * this.scratch.length));
    const block = keep ? Buffer.allocUnsafe(bytes) : this.scratch;
    const source = this.ranges!.bytes;
    let at = 0;
    // Wanted rows are mostly neighbours in the batch: each run of them is one copy.
    for (let k = 0; k < count; ) {
      let last = k;
      while (last + 1 < count && froms[last + 1] === tos[last]) last++;
      block.set(source.subarray(froms[k], tos[last]), at);
      for (; k <= last; k++) {
        starts[k] = at;
        ends[k] = at += tos[k] - froms[k];
      }
    }
    countWordsOfRanges(block, starts, ends, count, this.counted);
    for (let k = 0; k < count; k++) if (this.wantsWords[k]) this.words.set(rows[k], this.counted[k]);
    this.builder.addBlock(block.subarray(0, bytes), rows.subarray(0, count), starts.subarray(0, count), ends.subarray(0, count), !keep);
    this.count = 0;
    this.bytes = 0;
  }
}
