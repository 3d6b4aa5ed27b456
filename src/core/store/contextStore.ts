import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { CuratorError, throwIfAborted } from '../errors';
import { describeSchema, SchemaInfo } from './contextSchema';
import { findPendingWal, PendingWal } from './memWal';
import { resolveStoreLocation, StoreLocation } from './storeLocation';

export interface OpenStoreOptions {
  /** Object-store credentials and settings for `s3://`, `gs://`, `az://` stores. */
  storageOptions?: Record<string, string>;
  /** Read this dataset version instead of the latest (time travel). */
  version?: number;
  /** Open even when `_mem_wal/` holds unmerged generations (their rows will be missing). */
  allowUnmergedWal?: boolean;
  /** Base directory for relative local paths. */
  cwd?: string;
}

/** One dataset version: its number and commit time. */
export interface StoreVersion {
  version: number;
  /** Commit time, milliseconds since the epoch. */
  timestamp: number;
}

export interface ScanOptions {
  /** Rows per batch (default 16384). */
  batchSize?: number;
  /** Also return `_rowid`, to line up several scans of one version. */
  withRowId?: boolean;
  signal?: AbortSignal;
}

/**
 * A read-only handle on one version of a lance-context store. Pinning a
 * version opens its own table handle, so other readers of the store (and the
 * store's latest version) are never disturbed.
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
    readonly pendingWal: PendingWal | undefined,
    private readonly options: OpenStoreOptions,
  ) {}

  /** Opens a store (its dataset directory or URI); throws a CuratorError naming the location on failure. */
  static async open(location: string, options: OpenStoreOptions = {}): Promise<ContextStore> {
    const where = resolveStoreLocation(location, options.cwd);
    let pendingWal: PendingWal | undefined;
    if (where.local) {
      checkLocalDataset(where.uri);
      pendingWal = findPendingWal(where.uri);
      if (pendingWal && !options.allowUnmergedWal) {
        throw new CuratorError(
          'store',
          `${where.uri} has ${pendingWal.generations} unmerged write-ahead-log generation(s) in _mem_wal/; ` +
            'their records are not in the base table, so an export would silently miss them. ' +
            'Merge the WAL with lance-context first, or pass --allow-unmerged-wal to read the base table anyway.',
          { file: path.join(where.uri, '_mem_wal'), field: '_mem_wal' },
        );
      }
    }
    let connection: lancedb.Connection;
    let table: lancedb.Table;
    try {
      connection = await lancedb.connect(where.parent, { storageOptions: options.storageOptions });
      table = await connection.openTable(where.table, undefined, { storageOptions: options.storageOptions });
    } catch (cause) {
      throw new CuratorError('store', `cannot open ${where.uri} as a Lance dataset: ${messageOf(cause)}`, {
        file: where.uri,
        cause,
      });
    }
    if (options.version !== undefined) {
      await checkoutVersion(table, options.version, where.uri);
    }
    const schema = await table.schema();
    const info = describeSchema(schema, where.uri);
    const version = await table.version();
    return new ContextStore(where, connection, table, version, schema, info, pendingWal, options);
  }

  /** The store's location as written into manifests (`context_uri`). */
  get uri(): string {
    return this.location.uri;
  }

  /** A handle on `version` of the same store; this handle is unaffected. */
  async atVersion(version: number): Promise<ContextStore> {
    if (version === this.version) return this;
    return ContextStore.open(this.location.uri, { ...this.options, version, allowUnmergedWal: true });
  }

  /** All versions of the dataset, oldest first. */
  async listVersions(): Promise<StoreVersion[]> {
    const versions = await this.table.listVersions();
    return versions.map((v) => ({ version: v.version, timestamp: new Date(v.timestamp).getTime() }));
  }

  /** Number of physical rows in this version (before last-write-wins and visibility). */
  async countRows(): Promise<number> {
    return this.table.countRows();
  }

  /** Streams this version's rows in storage order, projected to the existing `columns`. */
  async *scan(columns: readonly string[], options: ScanOptions = {}): AsyncGenerator<arrow.RecordBatch> {
    const present = columns.filter((name) => this.info.columns.has(name));
    const query = this.table.query().select(present.length > 0 ? present : ['id']);
    if (options.withRowId) query.withRowId();
    // `execute` takes a batch size but is protected in lancedb's typings; the iterator uses its default.
    const execute = (query as unknown as { execute?: (o: { maxBatchLength: number }) => AsyncIterable<arrow.RecordBatch> }).execute;
    const batches = execute ? execute.call(query, { maxBatchLength: options.batchSize ?? 16384 }) : query;
    for await (const batch of batches) {
      throwIfAborted(options.signal);
      yield batch;
    }
  }

  /** Reads the rows with the given `_rowid`s, projected to `columns`. */
  async takeRows(rowIds: readonly number[], columns: readonly string[]): Promise<arrow.Table> {
    const present = columns.filter((name) => this.info.columns.has(name));
    const query = this.table.takeRowIds(rowIds.map((id) => BigInt(id))).select(present).withRowId();
    return query.toArrow();
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
