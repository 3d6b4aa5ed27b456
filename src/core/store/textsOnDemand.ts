import { isUtf8 } from 'node:buffer';
import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { byteRanges, columnData, isValid, readNumbers } from './arrowColumns';
import { ContextStore } from './contextStore';
import { forEachWantedRow, TextColumn } from './payloadColumns';
import { countWords, countWordsOfRanges } from '../strings/countWords';
import { LoadOptions, RowTable } from './rowTable';
import { scanTextsBeside } from './textsBesideScan';
import { wantsWordCount, WordCounts } from './wordCounts';

/**
 * Counts the words of the texts that stand in for a missing `tokens_used`
 * (the rows of `rows` without one), in one pass over `text_payload` that
 * keeps no text: what the stats, charts and example sizes read of texts.
 * A null text counts 0 words, as in a loaded TextColumn.
 */
export async function countTextWords(store: ContextStore, table: RowTable, rows: ArrayLike<number>, options: LoadOptions = {}): Promise<WordCounts> {
  const words = new WordCounts(table.length);
  const wanted = new Uint8Array(table.length);
  const { tokensUsed } = table;
  for (let i = 0; i < rows.length; i++) {
    const used = tokensUsed.at(rows[i]);
    if (wantsWordCount(used)) wanted[rows[i]] = 1;
  }
  let lastData: arrow.Data | undefined;
  let ranges: ReturnType<typeof byteRanges> | undefined;
  await forEachWantedRow(store, table, wanted, 'text_payload', options, (column, i, row) => {
    if (column !== lastData) {
      lastData = column;
      ranges = byteRanges(column);
    }
    words.set(row, isValid(column, i) ? countWords(ranges!.bytes, ranges!.start(i), ranges!.end(i)) : 0);
  });
  return words;
}

/**
 * Counts words as `countTextWords` does, for every row of a base-table read
 * without a `tokens_used`, in a scan of its own started beside the RowTable's
 * (`table`, still loading): lancedb decodes the texts while the light columns
 * are decoded. Counts are kept by scan position, which must be the table's row
 * of the same `_rowaddr` (`scanTextsBeside`); when it is not, the words are
 * counted again after the table, as `countTextWords` does.
 */
export async function countWordsBesideScan(store: ContextStore, table: Promise<RowTable>, options: LoadOptions = {}): Promise<WordCounts> {
  const countParts: Uint16Array[] = [];
  const large = new Map<number, number>();
  // Scratch for one batch's ranges to count (typed, reused).
  let wantedAt = new Int32Array(0);
  let starts = new Float64Array(0);
  let ends = new Float64Array(0);
  let counted = new Uint32Array(0);
  const { rows, matched } = await scanTextsBeside(store, table, options, (data, tokensUsed, scanned) => {
    const n = tokensUsed.length;
    const counts = new Uint16Array(n).fill(NOT_COUNTED);
    if (wantedAt.length < n) {
      wantedAt = new Int32Array(n);
      starts = new Float64Array(n);
      ends = new Float64Array(n);
      counted = new Uint32Array(n);
    }
    const ranges = data && byteRanges(data);
    let wanted = 0;
    for (let i = 0; i < n; i++) {
      const used = tokensUsed[i];
      if (!wantsWordCount(used)) continue;
      if (!data || !isValid(data, i)) {
        counts[i] = 0;
        continue;
      }
      wantedAt[wanted] = i;
      starts[wanted] = ranges!.start(i);
      ends[wanted++] = ranges!.end(i);
    }
    // The batch's ranges at once (WebAssembly SIMD where it runs), as loading texts counts them.
    if (wanted > 0) countWordsOfRanges(ranges!.bytes, starts, ends, wanted, counted);
    for (let k = 0; k < wanted; k++) {
      const count = counted[k];
      if (count >= LARGE_COUNT) large.set(scanned + wantedAt[k], count);
      counts[wantedAt[k]] = Math.min(count, LARGE_COUNT);
    }
    countParts.push(counts);
    return true;
  });
  // Kept by scan position: another order (or a MemWAL read) counts again the usual way, after the table.
  if (!matched) return countTextWords(store, rows, allRowsOf(rows.length), options);
  const words = new WordCounts(rows.length);
  let row = 0;
  for (const counts of countParts) {
    for (let i = 0; i < counts.length; i++, row++) {
      if (counts[i] !== NOT_COUNTED) words.set(row, counts[i] === LARGE_COUNT ? large.get(row)! : counts[i]);
    }
  }
  return words;
}

/** Rows 0 to `length` - 1: every row of a read. */
export function allRowsOf(length: number): Int32Array {
  const rows = new Int32Array(length);
  for (let i = 0; i < length; i++) rows[i] = i;
  return rows;
}

const NOT_COUNTED = 0xffff;
/** The count is in the map beside the parts. */
const LARGE_COUNT = 0xfffe;

/** Addresses asked of one Lance take. */
const TAKE_CHUNK = 4096;

/**
 * Reads the texts of a few rows: base rows by row address (Lance take), and
 * any row a take did not answer for (a MemWAL generation's, or a dataset with
 * stable row ids) by a scan. Each text is its own copy (null for a null text).
 */
export async function readTextsOf(store: ContextStore, table: RowTable, rows: ArrayLike<number>, options: LoadOptions = {}): Promise<Map<number, Buffer | null>> {
  const out = new Map<number, Buffer | null>();
  const byAddress = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const address = table.rowAddr.at(rows[i]);
    if (!Number.isNaN(address)) byAddress.set(address, rows[i]);
  }
  const addresses = [...byAddress.keys()];
  for (let at = 0; at < addresses.length; at += TAKE_CHUNK) {
    for await (const batch of store.takeByAddress(addresses.slice(at, at + TAKE_CHUNK), ['text_payload'], options)) {
      const data = columnData(batch, 'text_payload');
      const returned = readNumbers(columnData(batch, '_rowaddr'), batch.numRows);
      for (let i = 0; i < batch.numRows; i++) {
        const row = byAddress.get(returned[i]);
        if (row !== undefined && data) out.set(row, copyText(data, i));
      }
    }
  }
  const missing = new Uint8Array(table.length);
  let scan = false;
  for (let i = 0; i < rows.length; i++) {
    if (out.has(rows[i])) continue;
    missing[rows[i]] = 1;
    scan = true;
  }
  if (scan) await forEachWantedRow(store, table, missing, 'text_payload', options, (data, i, row) => out.set(row, copyText(data, i)));
  return out;
}

let lastRanges: { data: arrow.Data; ranges: ReturnType<typeof byteRanges> } | undefined;

function copyText(data: arrow.Data, i: number): Buffer | null {
  if (!isValid(data, i)) return null;
  if (lastRanges?.data !== data) lastRanges = { data, ranges: byteRanges(data) };
  const { ranges } = lastRanges;
  return Buffer.from(ranges.bytes.subarray(ranges.start(i), ranges.end(i)));
}

/** Texts past this many rows are read by one scan of the column (then kept, like a preview's loaded texts), not by take. */
export const TAKE_ROWS_MAX = 50_000;

/**
 * A TextColumn whose texts are read when asked (`readTexts`), not up front:
 * a preview plan reads the word counts of every row (one pass that keeps no
 * text) and the texts of the examples it shows. Asking a text not read is an
 * internal error, never a silent empty string.
 */
export class TextsOnDemand implements TextColumn {
  private readonly read = new Map<number, Buffer | null>();
  private all?: TextColumn;
  private words?: WordCounts;
  /** Settles when the word counts are there (they are counted while the examples are decided). */
  readonly counted: Promise<void>;

  constructor(
    words: Promise<WordCounts>,
    /** Reads the texts of a few rows. */
    private readonly readRows: (rows: Int32Array, signal?: AbortSignal) => Promise<Map<number, Buffer | null>>,
    /** Reads every text the run covers (a search over all examples). */
    private readonly readAll: (signal?: AbortSignal) => Promise<TextColumn>,
  ) {
    this.counted = words.then((counts) => void (this.words = counts));
    // Whoever needs the counts awaits `counted`; a run stopped before then leaves no unhandled rejection.
    this.counted.catch(() => {});
  }

  /** Reads the texts of `rows` not read yet (many rows: every text at once). */
  async readTexts(rows: ArrayLike<number>, signal?: AbortSignal): Promise<void> {
    if (this.all) return;
    const missing = new Set<number>();
    for (let i = 0; i < rows.length; i++) if (!this.read.has(rows[i])) missing.add(rows[i]);
    if (missing.size === 0) return;
    if (missing.size + this.read.size > TAKE_ROWS_MAX) {
      this.all = await this.readAll(signal);
      this.read.clear();
      return;
    }
    for (const [row, bytes] of await this.readRows(Int32Array.from(missing), signal)) this.read.set(row, bytes);
  }

  private bytes(row: number): Buffer | null {
    const bytes = this.read.get(row);
    if (bytes === undefined) throw new CuratorError('internal', `the text of row ${row} was asked before it was read`);
    return bytes;
  }

  text(row: number): string | null {
    if (this.all) return this.all.text(row);
    const bytes = this.bytes(row);
    return bytes && bytes.toString('utf8');
  }

  utf8(row: number): Buffer | undefined {
    if (this.all) return this.all.utf8(row);
    const bytes = this.bytes(row);
    return bytes && isUtf8(bytes) ? bytes : undefined;
  }

  start(row: number): number {
    return this.all ? this.all.start(row) : 0;
  }

  end(row: number): number {
    return this.all ? this.all.end(row) : (this.bytes(row)?.length ?? 0);
  }

  wordCount(row: number): number {
    if (!this.words) throw new CuratorError('internal', 'word counts were asked before they were counted');
    const counted = this.words.get(row);
    if (counted !== undefined) return counted;
    if (this.all) return this.all.wordCount(row);
    const bytes = this.bytes(row);
    const count = bytes ? countWords(bytes, 0, bytes.length) : 0;
    this.words.set(row, count);
    return count;
  }
}
