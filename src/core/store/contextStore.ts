import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { CuratorError, throwIfAborted } from '../errors';
import { describeSchema, SchemaInfo } from './contextSchema';
import { storeReadError } from './storeReadError';
import { findDamagedGeneration } from './damagedGeneration';
import { resolveStoreLocation, StoreLocation } from './storeLocation';
import { connectLance, ConnectOptions } from './lanceConnection';

export interface OpenStoreOptions extends ConnectOptions {
  /**
   * Read the base table at this dataset version instead of the latest (time
   * travel). MemWAL generations are not versioned, so a pinned read never
   * includes them.
   */
  version?: number;
  /** Accepted for older callers and ignored: generations are always read now. */
  allowUnmergedWal?: boolean;
  /** Base directory for relative local paths. */
  cwd?: string;
}

/** One dataset version: its number and commit time. */
export interface StoreVersion {
  version: number;
  /** Commit time, milliseconds since the epoch. */
  timestamp: number;
  /** Physical rows of the base table at this version, from the version's own metadata (when Lance recorded it). */
  rows?: number;
}

export interface ScanOptions {
  /** Rows per batch (default 16384). */
  batchSize?: number;
  /**
   * Also return `_rowaddr`: a base row's address, null for a row that comes
   * from a MemWAL generation. (The LSM scanner has no stable `_rowid`.)
   */
  withRowAddress?: boolean;
  signal?: AbortSignal;
}

/**
 * A read-only handle on one version of a lance-context store. The latest
 * version reads what lancedb's LSM scanner returns (base table plus every
 * flushed MemWAL generation, newest row per id); a pinned version reads the
 * base table at that version. Pinning opens its own table handle, so other
 * readers of the store (and the store's latest version) are never disturbed.
 *
 * @example
 * const store = await ContextStore.open('data/ctx.lance');
 * const pinned = await store.atVersion(3);
 */
export class ContextStore {
  private constructor(
    readonly location: StoreLocation,
    private readonly connection: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly version: number,
    readonly schema: arrow.Schema,
    readonly info: SchemaInfo,
    /** The store's latest version carries a MemWAL index (lance-context writes through the write-ahead log). */
    readonly memWal: boolean,
    /** A version was asked for: the base table at it is read, without MemWAL generations. */
    readonly pinned: boolean,
    private readonly options: OpenStoreOptions,
  ) {}

  /** Reads go through the LSM scanner, so flushed generations are included. */
  get readsWal(): boolean {
    return this.memWal && !this.pinned;
  }

  /** Opens a store (its dataset directory or URI); throws a CuratorError naming the location on failure. */
  static async open(location: string, options: OpenStoreOptions = {}): Promise<ContextStore> {
    const where = resolveStoreLocation(location, options.cwd);
    if (where.local) checkLocalDataset(where.uri);
    let connection: lancedb.Connection;
    let table: lancedb.Table;
    try {
      connection = await connectLance(where.parent, options);
      table = await connection.openTable(where.table, undefined, { storageOptions: options.storageOptions });
    } catch (cause) {
      throw new CuratorError('store', `cannot open ${where.uri} as a Lance dataset: ${messageOf(cause)}`, {
        file: where.uri,
        cause,
      });
    }
    let memWal: boolean;
    try {
      // Asked of the latest version: a pinned read still says what it leaves out.
      memWal = (await table.getLsmWriteSpec()) !== undefined;
    } catch (cause) {
      throw storeReadError(where.uri, cause);
    }
    if (options.version !== undefined) {
      await checkoutVersion(table, options.version, where.uri);
    }
    const schema = await table.schema();
    const info = describeSchema(schema, where.uri);
    const version = await table.version();
    return new ContextStore(where, connection, table, version, schema, info, memWal, options.version !== undefined, options);
  }

  /** The store's location as written into manifests (`context_uri`). */
  get uri(): string {
    return this.location.uri;
  }

  /** A handle on `version` of the same store; this handle is unaffected. */
  async atVersion(version: number): Promise<ContextStore> {
    if (version === this.version && this.pinned) return this;
    return ContextStore.open(this.location.uri, { ...this.options, version });
  }

  /** A handle on the latest version (this one when it is not pinned). */
  async latest(): Promise<ContextStore> {
    if (!this.pinned) return this;
    const { version: _version, ...options } = this.options;
    return ContextStore.open(this.location.uri, options);
  }

  /** All versions of the dataset, oldest first. */
  async listVersions(): Promise<StoreVersion[]> {
    const versions = await this.table.listVersions();
    return versions.map((v) => {
      const rows = Number((v.metadata as Record<string, string> | undefined)?.total_rows);
      return { version: v.version, timestamp: new Date(v.timestamp).getTime(), ...(Number.isSafeInteger(rows) ? { rows } : {}) };
    });
  }

  /** Number of physical rows in the base table at this version (an estimate of a scan's length: generations not counted). */
  async countRows(): Promise<number> {
    try {
      return await this.table.countRows();
    } catch (cause) {
      throw storeReadError(this.uri, cause);
    }
  }

  /**
   * Streams this version's rows projected to the existing `columns`: in
   * storage order on a base-table read; on an LSM read, generation rows and
   * base rows in an order that can change from one read to the next.
   */
  async *scan(columns: readonly string[], options: ScanOptions = {}): AsyncGenerator<arrow.RecordBatch> {
    yield* this.query(columns, undefined, options);
  }

  /** The rows of record `id` (several when the base holds several), projected to `columns`. */
  async rowsOfId(id: string, columns: readonly string[]): Promise<arrow.RecordBatch[]> {
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of this.query(columns, `id = '${id.replace(/'/g, "''")}'`, { withRowAddress: true })) batches.push(batch);
    return batches;
  }

  /**
   * Base rows by row address (Lance take; `_rowaddr` is returned with them),
   * projected to the existing `columns`, in address order. An address that
   * names no row is left out; on a dataset with stable row ids an address may
   * answer for another row, so callers match rows by the `_rowaddr` returned.
   */
  async *takeByAddress(addresses: readonly number[], columns: readonly string[], options: { signal?: AbortSignal } = {}): AsyncGenerator<arrow.RecordBatch> {
    const present = columns.filter((name) => this.info.columns.has(name));
    const query = this.table.takeRowIds(addresses).select([...present, '_rowaddr']);
    // Take cannot go through the LSM scanner: addresses name base rows.
    if (this.memWal) query.useLsm(false);
    yield* this.batchesOf(query, options.signal);
  }

  private async *query(columns: readonly string[], where: string | undefined, options: ScanOptions): AsyncGenerator<arrow.RecordBatch> {
    const present = columns.filter((name) => this.info.columns.has(name));
    const selected = present.length > 0 ? present : ['id'];
    const query = this.table.query().select(options.withRowAddress ? [...selected, '_rowaddr'] : selected);
    if (where !== undefined) query.where(where);
    // The LSM scanner cannot read a time-travelled version; a pinned read is the base table at it.
    if (this.pinned) query.useLsm(false);
    // `execute` takes a batch size but is protected in lancedb's typings; the iterator uses its default.
    const execute = (query as unknown as { execute?: (o: { maxBatchLength: number }) => AsyncIterable<arrow.RecordBatch> }).execute;
    yield* this.batchesOf(execute ? execute.call(query, { maxBatchLength: options.batchSize ?? 16384 }) : query, options.signal);
  }

  private async *batchesOf(batches: AsyncIterable<arrow.RecordBatch>, signal: AbortSignal | undefined): AsyncGenerator<arrow.RecordBatch> {
    const iterator = batches[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<arrow.RecordBatch>;
      try {
        next = await iterator.next();
      } catch (cause) {
        // An LSM read of a local store: find the generation that cannot be read, when lancedb does not name it.
        throw storeReadError(this.uri, cause, this.readsWal && this.location.local ? findDamagedGeneration(this.uri) : undefined);
      }
      if (next.done) return;
      throwIfAborted(signal);
      yield next.value;
    }
  }

  close(): void {
    this.table.close();
    this.connection.close();
  }
}

function checkLocalDataset(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new CuratorError('store', `${dir} does not exist`, { file: dir });
  }
  if (!stat.isDirectory() || !fs.existsSync(path.join(dir, '_versions'))) {
    throw new CuratorError('store', `${dir} is not a Lance dataset (no _versions/ directory)`, { file: dir });
  }
}

async function checkoutVersion(table: lancedb.Table, version: number, uri: string): Promise<void> {
  if (!Number.isInteger(version) || version < 1) {
    throw new CuratorError('usage', `version must be a positive integer, got ${version}`, { field: 'version', file: uri });
  }
  const versions = await table.listVersions();
  if (!versions.some((v) => v.version === version)) {
    const numbers = versions.map((v) => v.version);
    throw new CuratorError(
      'input',
      `${uri} has no version ${version} (available: ${summarizeVersions(numbers)})`,
      { file: uri, field: 'version' },
    );
  }
  await table.checkout(version);
}

function summarizeVersions(numbers: number[]): string {
  if (numbers.length === 0) return 'none';
  if (numbers.length <= 8) return numbers.join(', ');
  return `${numbers[0]}..${numbers[numbers.length - 1]} (${numbers.length} versions)`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
