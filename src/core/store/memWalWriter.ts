import * as lancedb from '@lancedb/lancedb';
import { connectLance } from './lanceConnection';
import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { recordsToArrow } from './recordsToArrow';
import { ContextRecord } from './contextRecord';
import { StoreLocation } from './storeLocation';

export interface MemWalWriteOptions {
  /** Buckets of the `id`-hashed LSM write spec installed on a store that has none (default 2). */
  numBuckets?: number;
  /** Rows are known to fall in one shard (a one-bucket store): write them in one call. */
  singleShard?: boolean;
  storageOptions?: Record<string, string>;
}

/** lancedb's refusal when a row belongs to another shard than the open writer's. */
const OTHER_SHARD = /routes to shard|hashes to bucket/;

/**
 * Writes rows the way lance-context does: puts into Lance's MemWAL, sealed
 * into flushed generations (one per shard touched), not into the base table.
 * Installs a bucket LSM write spec on `id` when the store has none, which
 * bumps the dataset version once. A `mergeInsert` must target one shard, and
 * the shard of an id is lancedb's hash, so rows are offered one at a time and
 * those of another shard wait for the next generation.
 *
 * @example
 * await writeThroughMemWal(resolveStoreLocation('ctx.lance'), records, store.schema);
 */
export async function writeThroughMemWal(
  location: StoreLocation,
  records: readonly ContextRecord[],
  schema: arrow.Schema,
  options: MemWalWriteOptions = {},
): Promise<{ generations: number }> {
  const connection = await connectLance(location.parent, options);
  let table: lancedb.Table | undefined;
  try {
    table = await connection.openTable(location.table, undefined, { storageOptions: options.storageOptions });
    if ((await table.getLsmWriteSpec()) === undefined) {
      await table.setLsmWriteSpec({ specType: 'bucket', column: 'id', numBuckets: options.numBuckets ?? 2, maintainedIndexes: [] });
    }
    const merge = (slice: arrow.Table) => table!.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(slice);
    if (options.singleShard) {
      await merge(recordsToArrow(records, schema));
      await table.closeLsmWriters();
      return { generations: 1 };
    }
    // One table per record: apache-arrow cannot write a slice of a Large(Utf8|Binary) column to IPC.
    let pending = Array.from({ length: records.length }, (_, i) => i);
    let generations = 0;
    while (pending.length > 0) {
      const later: number[] = [];
      for (const row of pending) {
        try {
          await merge(recordsToArrow([records[row]], schema));
        } catch (error) {
          if (!OTHER_SHARD.test(String((error as Error)?.message ?? error))) throw error;
          later.push(row);
        }
      }
      if (later.length === pending.length) {
        throw new CuratorError('internal', `${location.uri}: no row of ${pending.length} could be written to the write-ahead log`);
      }
      await table.closeLsmWriters();
      generations++;
      pending = later;
    }
    return { generations };
  } catch (cause) {
    if (CuratorError.is(cause)) throw cause;
    throw new CuratorError('store', `cannot write ${location.uri} through the write-ahead log: ${(cause as Error)?.message ?? String(cause)}`, {
      file: location.uri,
      cause,
    });
  } finally {
    table?.close();
    connection.close();
  }
}
