import * as arrow from 'apache-arrow';
import { throwIfAborted } from '../errors';
import { ContextStore } from './contextStore';
import { columnData, isValid, readMicros, readNumbers, structChild } from './arrowColumns';
import { ByteSpill, ByteStrings } from './byteStrings';
import { CodedStrings, CodedStringsBuilder } from './codedStrings';
import { IdColumn } from './idColumn';
import { MemoryBudget } from '../spill/memoryBudget';
import { Appender, concatNumberColumns, countingColumnOf, NumberColumn, numberColumnOf } from './numberColumn';

export { ByteStrings } from './byteStrings';
import { LIFECYCLE_ACTIVE } from './contextRecord';

/**
 * The light columns of every row a read of one store version returns, in scan
 * order: what listing, filters, curation, grouping and stats need. Payloads
 * and embeddings are loaded separately, only for the rows that need them.
 */
export interface RowTable {
  length: number;
  /**
   * Lance `_rowaddr` of each base-table row, NaN for a row from a MemWAL
   * generation. Later projections line up by it, and by `id` for generation
   * rows (the LSM scanner returns one row per id from the generations).
   */
  rowAddr: NumberColumn;
  /** Rows that come from MemWAL generations. */
  walRows: number;
  /** Ids as UTF-8 bytes with a hash per row: `id.at(row)` decodes one, `id.equals(a, b)` compares without decoding. */
  id: IdColumn;
  /** Nearly one value per record (no dictionary pays off): bytes, spilled like the metadata. */
  externalId: ByteStrings;
  runId: CodedStrings<string>;
  botId: CodedStrings;
  sessionId: CodedStrings;
  tenant: CodedStrings;
  source: CodedStrings;
  /** Microseconds since the epoch. */
  createdAt: Float64Array;
  role: CodedStrings<string>;
  contentType: CodedStrings<string>;
  lifecycleStatus: CodedStrings<string>;
  /** Microseconds, NaN when null (mostly null: kept sparse). */
  expiresAt: NumberColumn;
  retiredAt: NumberColumn;
  retiredReason: CodedStrings;
  supersedesId: CodedStrings;
  supersededById: CodedStrings;
  /** `state_metadata.tokens_used`, NaN when null. */
  tokensUsed: NumberColumn;
  /** Raw `metadata` JSON, kept as UTF-8 bytes (no JS string per row stays alive). */
  metadata: ByteStrings;
  /**
   * `text_payload` of every row, read in the same scan on an LSM read: a
   * second LSM scan costs as much as the first (it merges base and
   * generations again), so a MemWAL store is read once.
   */
  texts?: ByteStrings;
}

/** Columns read for a RowTable. */
export const ROW_TABLE_COLUMNS = [
  'id',
  'external_id',
  'run_id',
  'bot_id',
  'session_id',
  'tenant',
  'source',
  'created_at',
  'role',
  'content_type',
  'lifecycle_status',
  'expires_at',
  'retired_at',
  'retired_reason',
  'supersedes_id',
  'superseded_by_id',
  'state_metadata',
  'metadata',
] as const;

export interface LoadProgress {
  stage: string;
  /** Rows processed so far. */
  done: number;
  /** Total rows, when known. */
  total?: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Where byte columns (metadata, texts) go past the budget's share; without it they stay in memory. */
  budget?: MemoryBudget;
  onProgress?: (progress: LoadProgress) => void;
}

/** The string columns a RowTable keeps as codes, and whether a null reads as a value of its own. */
const CODED_COLUMNS = {
  runId: { column: 'run_id', orEmpty: true },
  botId: { column: 'bot_id', orEmpty: false },
  sessionId: { column: 'session_id', orEmpty: false },
  tenant: { column: 'tenant', orEmpty: false },
  source: { column: 'source', orEmpty: false },
  role: { column: 'role', orEmpty: true },
  contentType: { column: 'content_type', orEmpty: true },
  lifecycleStatus: { column: 'lifecycle_status', orEmpty: true },
  retiredReason: { column: 'retired_reason', orEmpty: false },
  supersedesId: { column: 'supersedes_id', orEmpty: false },
  supersededById: { column: 'superseded_by_id', orEmpty: false },
} as const;
type CodedColumn = keyof typeof CODED_COLUMNS;
const CODED_KEYS = Object.keys(CODED_COLUMNS) as CodedColumn[];

/** One batch's columns, before the coded columns are joined. */
type BatchPart = Omit<RowTable, CodedColumn | 'id' | 'createdAt'> & { ids: ByteStrings };

/** Scans a store version's light columns into a RowTable. */
export async function loadRowTable(store: ContextStore, options: LoadOptions = {}): Promise<RowTable> {
  // The base's row count; an LSM read returns more (generation rows), so its total is unknown.
  const total = store.readsWal ? undefined : await store.countRows();
  // An LSM read returns at least the base's rows.
  options.budget?.reserveRecords(total ?? (await store.countRows()));
  const parts: BatchPart[] = [];
  const coded = Object.fromEntries(CODED_KEYS.map((key) => [key, CodedStrings.builder<string | null>()])) as Record<CodedColumn, CodedStringsBuilder<string | null>>;
  let done = 0;
  const withTexts = store.readsWal;
  const columns = withTexts ? [...ROW_TABLE_COLUMNS, 'text_payload'] : ROW_TABLE_COLUMNS;
  const idSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'ids' };
  const metadataSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'metadata' };
  const textSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'texts' };
  const externalIdSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'external-ids' };
  // Filled in place batch by batch: no batch copies to join at the end, when everything else is held too.
  const createdAt = new Appender(total ?? 0, (n) => new Float64Array(n));
  const idHashes = new Appender(2 * (total ?? 0), (n) => new Uint32Array(n));
  for await (const batch of store.scan(columns, { withRowAddress: true, signal: options.signal })) {
    const part = decodeBatch(batch, idSpill, metadataSpill, externalIdSpill);
    const ids = columnData(batch, 'id');
    const hashes = idHashes.reserve(2 * batch.numRows);
    IdColumn.hashData(ids, batch.numRows, hashes.values, hashes.at / 2);
    const times = createdAt.reserve(batch.numRows);
    times.values.set(readMicros(columnData(batch, 'created_at'), batch.numRows), times.at);
    for (const key of CODED_KEYS) {
      const { column, orEmpty } = CODED_COLUMNS[key];
      // Indexed by their bytes: no string per value is decoded while scanning.
      coded[key].addData(columnData(batch, column), batch.numRows, orEmpty ? (key === 'lifecycleStatus' ? LIFECYCLE_ACTIVE : '') : null);
    }
    if (withTexts) part.texts = ByteStrings.fromData(columnData(batch, 'text_payload'), batch.numRows, textSpill);
    parts.push(part);
    done += batch.numRows;
    options.onProgress?.({ stage: 'scan', done, total });
    throwIfAborted(options.signal);
  }
  // A column of many distinct values (session ids) keeps them as bytes, spilled like the ids past the budget.
  const dictionarySpill = (key: CodedColumn): ByteSpill | undefined => options.budget && { budget: options.budget, stem: `values-${CODED_COLUMNS[key].column}` };
  const codedColumns = Object.fromEntries(CODED_KEYS.map((key) => [key, coded[key].build(dictionarySpill(key))])) as unknown as Pick<RowTable, CodedColumn>;
  const joined = concatParts(parts);
  // A full disk under the spilled columns fails the scan, not a later read.
  await options.budget?.settle();
  return { ...joined, id: IdColumn.of(ByteStrings.concat(parts.map((part) => part.ids)), idHashes.finish()), createdAt: createdAt.finish(), ...codedColumns };
}

function decodeBatch(
  batch: arrow.RecordBatch,
  idSpill: ByteSpill | undefined,
  metadataSpill: ByteSpill | undefined,
  externalIdSpill: ByteSpill | undefined,
): BatchPart {
  const n = batch.numRows;
  const tokensUsed = readTokensUsed(batch);
  const addressData = columnData(batch, '_rowaddr');
  const rowAddr = readNumbers(addressData, n);
  let walRows = 0;
  for (let i = 0; i < n; i++) {
    if (!addressData || !isValid(addressData, i)) {
      rowAddr[i] = NaN;
      walRows++;
    }
  }
  // Each batch's number columns take their compact form at once (the f64 batch arrays go).
  return {
    length: n,
    rowAddr: countingColumnOf([rowAddr]),
    walRows,
    ids: ByteStrings.fromData(columnData(batch, 'id'), n, idSpill),
    expiresAt: numberColumnOf([readMicros(columnData(batch, 'expires_at'), n)]),
    retiredAt: numberColumnOf([readMicros(columnData(batch, 'retired_at'), n)]),
    tokensUsed: numberColumnOf([tokensUsed]),
    metadata: ByteStrings.fromData(columnData(batch, 'metadata'), n, metadataSpill),
    externalId: ByteStrings.fromData(columnData(batch, 'external_id'), n, externalIdSpill),
  };
}

/** A batch's `state_metadata.tokens_used`, NaN where the struct or the field is null. */
export function readTokensUsed(batch: arrow.RecordBatch): Float64Array {
  const state = columnData(batch, 'state_metadata');
  const tokensUsed = readNumbers(structChild(state, 'tokens_used'), batch.numRows);
  if (state) for (let i = 0; i < batch.numRows; i++) if (!isValid(state, i)) tokensUsed[i] = NaN;
  return tokensUsed;
}

function concatParts(parts: BatchPart[]): Omit<RowTable, CodedColumn | 'id' | 'createdAt'> {
  return {
    length: parts.reduce((sum, part) => sum + part.length, 0),
    rowAddr: concatNumberColumns(parts.map((part) => part.rowAddr)),
    walRows: parts.reduce((sum, part) => sum + part.walRows, 0),
    expiresAt: concatNumberColumns(parts.map((part) => part.expiresAt)),
    retiredAt: concatNumberColumns(parts.map((part) => part.retiredAt)),
    tokensUsed: concatNumberColumns(parts.map((part) => part.tokensUsed)),
    metadata: ByteStrings.concat(parts.map((part) => part.metadata)),
    externalId: ByteStrings.concat(parts.map((part) => part.externalId)),
    texts: parts.length > 0 && parts.every((part) => part.texts) ? ByteStrings.concat(parts.map((part) => part.texts!)) : undefined,
  };
}
