import * as arrow from 'apache-arrow';
import { CuratorError, throwIfAborted } from '../errors';
import { SpillFile } from '../spill/spillFile';
import { byteRanges, columnData, isValid, readNumbers, readStrings } from './arrowColumns';
import { ContextStore } from './contextStore';
import { LoadOptions, RowTable } from './rowTable';
import { ByteStrings } from './byteStrings';
import { wantsWordCount, WordCounts } from './wordCounts';
import { countWords } from '../strings/countWords';
import { TextBlocks } from './textBlocks';

export { countWords };

/** Embeddings of selected rows, packed contiguously (row-major, `dim` floats each, on shared memory). */
export interface EmbeddingColumn {
  dim: number;
  data: Float32Array;
  /** Slot of each RowTable row in `data`, or -1 when the row has no vector (or was not loaded). */
  slot: Int32Array;
}

/** Embeddings of selected rows written to a file (raw little-endian f32, `dim` per slot), for a dedup too large to hold them. */
export interface EmbeddingFile {
  dim: number;
  file: string;
  /** Slot of each RowTable row in the file, or -1 when the row has no vector (or was not loaded). */
  slot: Int32Array;
}

/** Texts of selected rows, kept as UTF-8 bytes and decoded on demand. */
export interface TextColumn {
  /** The row's `text_payload`, or null. */
  text(row: number): string | null;
  /**
   * The buffer holding the row's text as valid UTF-8 (bytes `start(row)` to
   * `end(row)`), or undefined when the text is null or not valid UTF-8 (a blob
   * column; then `text()` decodes it with replacement characters).
   */
  utf8(row: number): Buffer | undefined;
  start(row: number): number;
  end(row: number): number;
  /** Whitespace-delimited word count of the text (Rust `split_whitespace`), 0 for null. */
  wordCount(row: number): number;
}

/**
 * Walks a projection of `column` and calls `visit` for the RowTable rows that
 * are wanted. A base-table read returns rows in the RowTable's order, so a
 * cursor checks each row's `_rowaddr` and moves on; an LSM read may return
 * another order, so lookup maps take over: base rows by `_rowaddr`,
 * generation rows (one per id) by `id`. No `_rowid`: the LSM scanner has none.
 */
export async function forEachWantedRow(
  store: ContextStore,
  table: RowTable,
  wanted: Uint8Array,
  column: string,
  options: LoadOptions,
  visit: (data: arrow.Data, index: number, row: number) => void,
): Promise<void> {
  let cursor = 0;
  let lookup: RowLookup | undefined;
  let done = 0;
  const columns = table.walRows > 0 ? [column, 'id'] : [column];
  for await (const batch of store.scan(columns, { withRowAddress: true, signal: options.signal })) {
    const data = columnData(batch, column);
    const addresses = readNumbers(columnData(batch, '_rowaddr'), batch.numRows);
    const ids = table.walRows > 0 ? readStrings(columnData(batch, 'id'), batch.numRows) : undefined;
    const idAt = (i: number) => ids?.[i] ?? undefined;
    for (let i = 0; i < batch.numRows; i++) {
      const address = addresses[i];
      let row: number | undefined;
      if (!lookup && cursor < table.length && sameRow(table, cursor, address, idAt, i)) {
        row = cursor++;
      } else {
        lookup ??= buildLookup(table);
        row = Number.isNaN(address) ? lookup.byId.get(idAt(i) ?? '') : lookup.byAddress.get(address);
      }
      if (row !== undefined && wanted[row] && data) visit(data, i, row);
    }
    done += batch.numRows;
    options.onProgress?.({ stage: `read ${column}`, done, total: table.length });
    throwIfAborted(options.signal);
  }
}

interface RowLookup {
  byAddress: Map<number, number>;
  byId: Map<string, number>;
}

function sameRow(table: RowTable, row: number, address: number, idAt: (i: number) => string | undefined, i: number): boolean {
  const expected = table.rowAddr.at(row);
  if (Number.isNaN(expected)) return Number.isNaN(address) && table.id.at(row) === idAt(i);
  return expected === address;
}

function buildLookup(table: RowTable): RowLookup {
  const byAddress = new Map<number, number>();
  const byId = new Map<string, number>();
  for (let row = 0; row < table.length; row++) {
    const address = table.rowAddr.at(row);
    if (Number.isNaN(address)) byId.set(table.id.at(row), row);
    else byAddress.set(address, row);
  }
  return { byAddress, byId };
}

export function wantedMask(table: RowTable, rows: ArrayLike<number>): Uint8Array {
  const wanted = new Uint8Array(table.length);
  for (let i = 0; i < rows.length; i++) wanted[rows[i]] = 1;
  return wanted;
}

/** Loads the `embedding` vectors of `rows`. */
export async function loadEmbeddings(
  store: ContextStore,
  table: RowTable,
  rows: ArrayLike<number>,
  options: LoadOptions = {},
): Promise<EmbeddingColumn> {
  const dim = store.info.embeddingDim ?? 0;
  const slot = new Int32Array(table.length).fill(-1);
  if (dim === 0) return { dim, data: new Float32Array(0), slot };
  // Shared memory, so the dedup's worker threads read the vectors where they are.
  const data = new Float32Array(new SharedArrayBuffer(Math.max(1, rows.length) * dim * 4));
  let next = 0;
  await forEachVector(store, table, rows, dim, options, (vector, row) => {
    if ((next + 1) * dim > data.length) {
      throw new CuratorError('internal', 'embedding column returned more rows than requested');
    }
    data.set(vector, next * dim);
    slot[row] = next++;
  });
  return { dim, data: next * dim < data.length ? data.subarray(0, next * dim) : data, slot };
}

/** Calls `visit` with the vector of each wanted row that has one, in scan order (a view into the batch, valid during the call). */
async function forEachVector(
  store: ContextStore,
  table: RowTable,
  rows: ArrayLike<number>,
  dim: number,
  options: LoadOptions,
  visit: (vector: Float32Array, row: number) => void,
): Promise<void> {
  await forEachWantedRow(store, table, wantedMask(table, rows), 'embedding', options, (column, i, row) => {
    if (!isValid(column, i)) return;
    const child = column.children[0];
    const start = child.offset + (column.offset + i) * dim;
    visit((child.values as Float32Array).subarray(start, start + dim), row);
  });
}

/**
 * Writes the `embedding` vectors of `rows` to `file` (a new spill file; its
 * folder's owner removes it) in slot order, through a small buffer: memory
 * stays flat however many vectors there are.
 */
export async function writeEmbeddingFile(
  store: ContextStore,
  table: RowTable,
  rows: ArrayLike<number>,
  file: SpillFile,
  options: LoadOptions = {},
): Promise<EmbeddingFile> {
  const dim = store.info.embeddingDim ?? 0;
  const slot = new Int32Array(table.length).fill(-1);
  if (dim === 0) return { dim, file: file.path, slot };
  const pending = new Float32Array(Math.max(1, Math.floor(WRITE_BUFFER_BYTES / (dim * 4))) * dim);
  let buffered = 0;
  const flush = () => {
    file.append(new Uint8Array(pending.buffer, 0, buffered * 4));
    buffered = 0;
  };
  let next = 0;
  await forEachVector(store, table, rows, dim, options, (vector, row) => {
    if (buffered + dim > pending.length) flush();
    pending.set(vector, buffered);
    buffered += dim;
    slot[row] = next++;
  });
  flush();
  // The dedup's workers read the file by its path: every queued write must have landed.
  await file.settle();
  return { dim, file: file.path, slot };
}

const WRITE_BUFFER_BYTES = 4 << 20;

/** Loads the `text_payload` of `rows` (LargeUtf8, or LargeBinary decoded as UTF-8). */
export async function loadTexts(
  store: ContextStore,
  table: RowTable,
  rows: ArrayLike<number>,
  options: LoadOptions = {},
): Promise<TextColumn> {
  const blocks = new TextBlocks(table.length, options.budget);
  const { tokensUsed } = table;
  await forEachWantedRow(store, table, wantedMask(table, rows), 'text_payload', options, (column, i, row) => {
    blocks.batch(column);
    const used = tokensUsed.at(row);
    blocks.add(i, row, wantsWordCount(used));
  });
  const { texts, words } = blocks.finish();
  await options.budget?.settle();
  return textColumnOf(texts, table.length, words);
}

/**
 * A TextColumn over texts already read (with the RowTable, on an LSM read, so
 * no second scan is needed); `words` holds counts made while reading, and a
 * row not counted then is counted when asked.
 */
export function textColumnOf(texts: ByteStrings, length: number, words = new WordCounts(length)): TextColumn {
  return {
    text: (row) => texts.text(row),
    utf8: (row) => texts.utf8(row),
    start: (row) => texts.start(row),
    end: (row) => texts.end(row),
    wordCount(row) {
      let count = words.get(row);
      if (count === undefined) {
        const buffer = texts.buffer(row);
        count = buffer ? countWords(buffer, texts.start(row), texts.end(row)) : 0;
        words.set(row, count);
      }
      return count;
    },
  };
}
