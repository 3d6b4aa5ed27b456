import { isUtf8 } from 'node:buffer';
import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { byteRanges, columnData, isValid, readNumbers } from './arrowColumns';
import { ContextStore } from './contextStore';
import { countWords, forEachWantedRow, TextColumn } from './payloadColumns';
import { LoadOptions, RowTable } from './rowTable';
import { WordCounts } from './wordCounts';

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
    if (Number.isNaN(used) || used < 0) wanted[rows[i]] = 1;
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
