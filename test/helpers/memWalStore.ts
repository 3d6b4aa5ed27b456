import * as lancedb from '@lancedb/lancedb';
import * as path from 'node:path';
import { ContextRecord, ContextStore, importRecords, resolveStoreLocation } from '../../src/core';
import { writeThroughMemWal } from '../../src/core/store/memWalWriter';
import { recordsToArrow } from '../../src/core/store/recordsToArrow';
import { writeArrowTable } from '../../src/core/store/arrowIpcWriter';
import { buildContextSchema, ContextSchemaOptions } from '../../src/core/store/contextSchema';
import { DIM } from './records';

/** `<dir>/ctx.lance` with `base` in the base table (one version per batch) — or none at all — and nothing in the WAL yet. */
export async function baseStore(dir: string, base: ContextRecord[][], schema: Omit<ContextSchemaOptions, 'embeddingDim'> = {}): Promise<string> {
  const store = path.join(dir, 'ctx.lance');
  if (base.length === 0) {
    // A store lance-context created but never wrote to the base: every record sits in the WAL.
    await writeArrowTable(resolveStoreLocation(store), recordsToArrow([], buildContextSchema({ ...schema, embeddingDim: DIM })));
  }
  for (const batch of base) await importRecords(store, batch, { dim: DIM, schema });
  return store;
}

/** Puts `records` into the store's MemWAL as lance-context does (flushed generations, base untouched). */
export async function walPut(store: string, records: ContextRecord[], numBuckets = 2): Promise<void> {
  const opened = await ContextStore.open(store);
  const schema = opened.schema;
  opened.close();
  await writeThroughMemWal(resolveStoreLocation(store), records, schema, { numBuckets });
}

/** One raw row as lancedb's own LSM read returns it. */
export interface RawRow {
  id: string;
  content_type: string;
  text_payload: string | null;
  created_at: number;
}

/** The rows of a plain `query()` (LSM routing by default), read with lancedb directly, not with the code under test. */
export async function rawLsmRows(store: string, useLsm = true): Promise<RawRow[]> {
  const where = resolveStoreLocation(store);
  const db = await lancedb.connect(where.parent);
  const table = await db.openTable(where.table);
  try {
    const query = table.query().select(['id', 'content_type', 'text_payload', 'created_at']);
    if (!useLsm) query.useLsm(false);
    const rows = (await query.toArray()) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: String(row.id),
      content_type: String(row.content_type),
      text_payload: row.text_payload === null ? null : typeof row.text_payload === 'string' ? row.text_payload : Buffer.from(row.text_payload as Uint8Array).toString('utf8'),
      created_at: Number(row.created_at),
    }));
  } finally {
    table.close();
    db.close();
  }
}

/**
 * A reference listing for stores without lifecycle fields: the last row of
 * each id as the raw read returns them, tombstones dropped, sorted by
 * (created_at, id). Written here, independently of src/core/listing.
 */
export function referenceListing(rows: RawRow[]): RawRow[] {
  const last = new Map<string, RawRow>();
  for (const row of rows) last.set(row.id, row);
  return [...last.values()]
    .filter((row) => !/tombstone/i.test(row.content_type))
    .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
