import * as arrow from 'apache-arrow';
import { throwIfAborted } from '../errors';
import { ContextStore } from './contextStore';
import { columnData, isValid, readMicros, readNumbers, readStrings, structChild } from './arrowColumns';
import { ByteSpill, ByteStrings } from './byteStrings';
import { MemoryBudget } from '../spill/memoryBudget';

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
  rowAddr: Float64Array;
  /** Rows that come from MemWAL generations. */
  walRows: number;
  id: string[];
  externalId: (string | null)[];
  runId: string[];
  botId: (string | null)[];
  sessionId: (string | null)[];
  tenant: (string | null)[];
  source: (string | null)[];
  /** Microseconds since the epoch. */
  createdAt: Float64Array;
  role: string[];
  contentType: string[];
  lifecycleStatus: string[];
  /** Microseconds, NaN when null. */
  expiresAt: Float64Array;
  retiredAt: Float64Array;
  retiredReason: (string | null)[];
  supersedesId: (string | null)[];
  supersededById: (string | null)[];
  /** `state_metadata.tokens_used`, NaN when null. */
  tokensUsed: Float64Array;
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

/** Scans a store version's light columns into a RowTable. */
export async function loadRowTable(store: ContextStore, options: LoadOptions = {}): Promise<RowTable> {
  // The base's row count; an LSM read returns more (generation rows), so its total is unknown.
  const total = store.readsWal ? undefined : await store.countRows();
  const parts: RowTable[] = [];
  const interns = new Map<string, Map<string, string>>();
  const intern = (name: string) => {
    let map = interns.get(name);
    if (!map) interns.set(name, (map = new Map()));
    return map;
  };
  let done = 0;
  const withTexts = store.readsWal;
  const columns = withTexts ? [...ROW_TABLE_COLUMNS, 'text_payload'] : ROW_TABLE_COLUMNS;
  const metadataSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'metadata' };
  const textSpill: ByteSpill | undefined = options.budget && { budget: options.budget, stem: 'texts' };
  for await (const batch of store.scan(columns, { withRowAddress: true, signal: options.signal })) {
    const part = decodeBatch(batch, intern, metadataSpill);
    if (withTexts) part.texts = ByteStrings.fromData(columnData(batch, 'text_payload'), batch.numRows, textSpill);
    parts.push(part);
    done += batch.numRows;
    options.onProgress?.({ stage: 'scan', done, total });
    throwIfAborted(options.signal);
  }
  return concatRowTables(parts);
}

function decodeBatch(batch: arrow.RecordBatch, intern: (name: string) => Map<string, string>, metadataSpill: ByteSpill | undefined): RowTable {
  const n = batch.numRows;
  const strings = (name: string, shared = true) => readStrings(columnData(batch, name), n, shared ? intern(name) : undefined);
  const state = columnData(batch, 'state_metadata');
  const tokensChild = structChild(state, 'tokens_used');
  const tokensUsed = readNumbers(tokensChild, n);
  if (state) for (let i = 0; i < n; i++) if (!isValid(state, i)) tokensUsed[i] = NaN;
  const lifecycle = strings('lifecycle_status');
  const addressData = columnData(batch, '_rowaddr');
  const rowAddr = readNumbers(addressData, n);
  let walRows = 0;
  for (let i = 0; i < n; i++) {
    if (!addressData || !isValid(addressData, i)) {
      rowAddr[i] = NaN;
      walRows++;
    }
  }
  return {
    length: n,
    rowAddr,
    walRows,
    id: strings('id', false) as string[],
    externalId: strings('external_id', false),
    runId: strings('run_id').map((v) => v ?? '') as string[],
    botId: strings('bot_id'),
    sessionId: strings('session_id'),
    tenant: strings('tenant'),
    source: strings('source'),
    createdAt: readMicros(columnData(batch, 'created_at'), n),
    role: strings('role').map((v) => v ?? '') as string[],
    contentType: strings('content_type').map((v) => v ?? '') as string[],
    lifecycleStatus: lifecycle.map((v) => v ?? LIFECYCLE_ACTIVE),
    expiresAt: readMicros(columnData(batch, 'expires_at'), n),
    retiredAt: readMicros(columnData(batch, 'retired_at'), n),
    retiredReason: strings('retired_reason'),
    supersedesId: strings('supersedes_id', false),
    supersededById: strings('superseded_by_id', false),
    tokensUsed,
    metadata: ByteStrings.fromData(columnData(batch, 'metadata'), n, metadataSpill),
  };
}

function concatRowTables(parts: RowTable[]): RowTable {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const floats = (key: keyof RowTable) => {
    const out = new Float64Array(length);
    let at = 0;
    for (const part of parts) {
      out.set(part[key] as Float64Array, at);
      at += part.length;
    }
    return out;
  };
  const lists = <T>(key: keyof RowTable): T[] => {
    if (parts.length === 1) return parts[0][key] as T[];
    const out: T[] = new Array(length);
    let at = 0;
    for (const part of parts) {
      const values = part[key] as T[];
      for (let i = 0; i < values.length; i++) out[at + i] = values[i];
      at += values.length;
    }
    return out;
  };
  return {
    length,
    rowAddr: floats('rowAddr'),
    walRows: parts.reduce((sum, part) => sum + part.walRows, 0),
    id: lists('id'),
    externalId: lists('externalId'),
    runId: lists('runId'),
    botId: lists('botId'),
    sessionId: lists('sessionId'),
    tenant: lists('tenant'),
    source: lists('source'),
    createdAt: floats('createdAt'),
    role: lists('role'),
    contentType: lists('contentType'),
    lifecycleStatus: lists('lifecycleStatus'),
    expiresAt: floats('expiresAt'),
    retiredAt: floats('retiredAt'),
    retiredReason: lists('retiredReason'),
    supersedesId: lists('supersedesId'),
    supersededById: lists('supersededById'),
    tokensUsed: floats('tokensUsed'),
    metadata: ByteStrings.concat(parts.map((part) => part.metadata)),
    texts: parts.length > 0 && parts.every((part) => part.texts) ? ByteStrings.concat(parts.map((part) => part.texts!)) : undefined,
  };
}
