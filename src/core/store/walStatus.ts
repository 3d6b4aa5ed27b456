import * as fs from 'node:fs';
import * as path from 'node:path';
import { columnData, isValid } from './arrowColumns';
import { ContextStore } from './contextStore';
import { formatCount } from '../strings/formatCount';

/** What a read of a store covers: the base table version and what the MemWAL adds on top. */
export interface WalStatus {
  /** The base table's dataset version. */
  baseVersion: number;
  /** The store has a MemWAL index (lance-context writes through the write-ahead log). */
  memWal: boolean;
  /** The read includes flushed generations (false for a pinned version: generations are not versioned). */
  included: boolean;
  /**
   * Records whose newest row sits in a flushed generation (new records and
   * rewrites of base records), counted by an LSM read of the latest version.
   */
  walRecords: number;
  /** Flushed generation directories per shard, for local stores (object stores are not listed). */
  shards?: { shard: string; generations: number }[];
}

/**
 * Says what reading `store` covers: base version plus the records only the
 * write-ahead log holds. An LSM read returns generation rows without a row
 * address (`_rowaddr` null), so one projected scan counts them; lancedb's
 * `getLsmStats` is not supported for local tables.
 *
 * @example
 * const status = await readWalStatus(store);
 * console.log(describeWalStatus(status)); // "v12 + 1,840 records in the write-ahead log"
 */
export async function readWalStatus(store: ContextStore, options: { signal?: AbortSignal } = {}): Promise<WalStatus> {
  const status: WalStatus = { baseVersion: store.version, memWal: store.memWal, included: store.readsWal, walRecords: 0 };
  if (!store.memWal) return status;
  const latest = store.pinned ? await store.latest() : store;
  try {
    status.walRecords = await countWalRows(latest, options.signal);
  } finally {
    if (latest !== store) latest.close();
  }
  if (store.location.local) status.shards = listGenerations(store.uri);
  return status;
}

/**
 * The status of a read already made: `walRows` is what the read's RowTable
 * counted (no extra scan). A pinned read does not know how many records the
 * log holds at the latest version and reports 0.
 */
export function walStatusOfRead(store: ContextStore, walRows: number): WalStatus {
  return {
    baseVersion: store.version,
    memWal: store.memWal,
    included: store.readsWal,
    walRecords: store.readsWal ? walRows : 0,
    shards: store.memWal && store.location.local ? listGenerations(store.uri) : undefined,
  };
}

async function countWalRows(store: ContextStore, signal: AbortSignal | undefined): Promise<number> {
  let count = 0;
  for await (const batch of store.scan(['id'], { withRowAddress: true, signal })) {
    const address = columnData(batch, '_rowaddr');
    for (let i = 0; i < batch.numRows; i++) if (!address || !isValid(address, i)) count++;
  }
  return count;
}

/** `_mem_wal/<shard>/<random>_gen_<i>/` directories per shard (merged ones stay listed until lance-context cleans up). */
function listGenerations(datasetDir: string): { shard: string; generations: number }[] {
  const walDir = path.join(datasetDir, '_mem_wal');
  let shards: fs.Dirent[];
  try {
    shards = fs.readdirSync(walDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return shards
    .filter((shard) => shard.isDirectory())
    .map((shard) => ({
      shard: shard.name,
      generations: fs.readdirSync(path.join(walDir, shard.name), { withFileTypes: true }).filter((e) => e.isDirectory() && /_gen_\d+$/.test(e.name)).length,
    }))
    .filter((shard) => shard.generations > 0)
    .sort((a, b) => (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0));
}

/**
 * One line for the CLI, the tree and the preview header, e.g.
 * "v12 + 1,840 records in the write-ahead log (3 shards)" or
 * "v9 (base table only: write-ahead-log rows are not versioned and were not included)".
 */
export function describeWalStatus(status: WalStatus): string {
  const base = `v${status.baseVersion}`;
  if (!status.memWal) return base;
  if (!status.included) {
    return `${base} (base table only: write-ahead-log rows are not versioned and were not included` +
      (status.walRecords > 0 ? `; the latest read has ${formatCount(status.walRecords)} record${status.walRecords === 1 ? '' : 's'} there)` : ')');
  }
  const shards = status.shards && status.shards.length > 0
    ? ` (${status.shards.map((s) => `${s.shard.slice(0, 8)}: ${s.generations} generation${s.generations === 1 ? '' : 's'}`).join(', ')})`
    : '';
  return `${base} + ${formatCount(status.walRecords)} record${status.walRecords === 1 ? '' : 's'} in the write-ahead log${shards}`;
}
