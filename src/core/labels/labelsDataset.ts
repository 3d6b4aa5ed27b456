import * as fs from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import { connectLance } from '../store/lanceConnection';
import * as arrow from 'apache-arrow';
import { CuratorError, inputError, throwIfAborted, usageError } from '../errors';
import { storeReadError } from '../store/storeReadError';
import { resolveStoreLocation, StoreLocation } from '../store/storeLocation';
import { decodeLabelBatches, labelEventsToArrow, SkippedLabelEvent } from './labelsArrow';
import { LabelEvent, labelsSchema } from './labelEvent';

export interface LabelsDatasetOptions {
  /** The store's object-store settings (labels live beside the store, with the same credentials). */
  storageOptions?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
}

export interface AppendLabelsResult {
  uri: string;
  created: boolean;
  events: number;
  /** The dataset version the append committed. */
  version: number;
}

export interface LabelsSnapshot {
  uri: string;
  /** The version read (pinned or latest). */
  version: number;
  events: LabelEvent[];
  skipped: SkippedLabelEvent[];
}

/** How often a create that lost a race, or a commit that conflicted, is tried again. */
const ATTEMPTS = 20;

/** Resolves a labels dataset location: a directory named `<name>.lance`, or an object-store URI. */
export function resolveLabelsLocation(location: string, cwd?: string): StoreLocation {
  if (!/\.lance\/*$/.test(location.trim())) {
    throw usageError(`${location}: a labels dataset is a Lance dataset whose name ends in .lance (e.g. labels.lance)`, { file: location });
  }
  return resolveStoreLocation(location, cwd);
}

/**
 * Appends `events` to the labels dataset as one commit, creating the dataset
 * when it is missing. Appending to a dataset another tool created writes in
 * that dataset's own schema. Concurrent writers both land: a create that
 * loses the race appends instead, and a conflicting commit is retried.
 */
export async function appendLabelEvents(location: string, events: readonly LabelEvent[], options: LabelsDatasetOptions = {}): Promise<AppendLabelsResult> {
  if (events.length === 0) throw inputError('no events to append');
  const where = resolveLabelsLocation(location, options.cwd);
  const connection = await connectTo(where, options);
  try {
    let lastError: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      throwIfAborted(options.signal);
      const table = await openIfExists(connection, where, options);
      if (!table) {
        const version = await createWith(connection, events, where, options);
        if (version !== undefined) return { uri: where.uri, created: true, events: events.length, version };
        continue;
      }
      try {
        const data = labelEventsToArrow(events, await table.schema(), where.uri);
        const { version } = await table.add(data);
        return { uri: where.uri, created: false, events: events.length, version };
      } catch (error) {
        if (CuratorError.is(error) || !isRetryable(error)) throw writeError(where, error);
        lastError = error;
      } finally {
        table.close();
      }
      await pause(attempt);
    }
    throw writeError(where, lastError);
  } finally {
    connection.close();
  }
}

/**
 * Creates the dataset, in the contract's schema, with `events` as its first
 * commit; undefined when another writer created it first (the caller then
 * appends). Two writers in different processes can both find it missing;
 * Lance then commits the second create as an overwrite of the first. The
 * writer whose create landed after version 1 knows it did that, and appends
 * back what the version before its own held, so nothing acknowledged is lost.
 */
async function createWith(
  connection: lancedb.Connection,
  events: readonly LabelEvent[],
  where: StoreLocation,
  options: LabelsDatasetOptions,
): Promise<number | undefined> {
  let table: lancedb.Table;
  try {
    if (where.local) fs.mkdirSync(where.parent, { recursive: true });
    const data = labelEventsToArrow(events, labelsSchema(), where.uri);
    table = await connection.createTable(where.table, data, { mode: 'create', existOk: false, storageOptions: options.storageOptions });
  } catch (error) {
    // Another writer created it first: append to theirs.
    if (isAlreadyExists(error) || isRetryable(error)) return undefined;
    throw writeError(where, error);
  }
  try {
    const version = await table.version();
    if (version > 1) await restoreOverwritten(table, version - 1, where);
    return version;
  } finally {
    table.close();
  }
}

/** Appends the rows of `version` again: our empty create overwrote them. */
async function restoreOverwritten(table: lancedb.Table, version: number, where: StoreLocation): Promise<void> {
  await table.checkout(version);
  const lost = await table.query().toArrow();
  await table.checkoutLatest();
  if (lost.numRows === 0) return;
  try {
    await table.add(lost);
  } catch (error) {
    throw writeError(where, error);
  }
}

/** Reads every event of the labels dataset at `version` (time travel) or at its latest version. */
export function readLabelEvents(location: string, options: LabelsDatasetOptions & { version?: number } = {}): Promise<LabelsSnapshot> {
  return withLabelsTable(location, options, async (table, where) => {
    if (options.version !== undefined) await checkout(table, options.version, where.uri);
    const version = await table.version();
    const batches: arrow.RecordBatch[] = [];
    try {
      for await (const batch of table.query()) {
        throwIfAborted(options.signal);
        batches.push(batch);
      }
    } catch (cause) {
      throw storeReadError(where.uri, cause);
    }
    return { uri: where.uri, version, ...decodeLabelBatches(batches) };
  });
}

/** The latest version of the labels dataset (cheap: no events are read). */
export function latestLabelsVersion(location: string, options: LabelsDatasetOptions = {}): Promise<number> {
  return withLabelsTable(location, options, (table) => table.version());
}

/** Opens an existing labels dataset for `use`, closing table and connection after; a missing one is an input error. */
async function withLabelsTable<T>(location: string, options: LabelsDatasetOptions, use: (table: lancedb.Table, where: StoreLocation) => Promise<T>): Promise<T> {
  const where = resolveLabelsLocation(location, options.cwd);
  const connection = await connectTo(where, options);
  try {
    const table = await openIfExists(connection, where, options);
    if (!table) throw new CuratorError('input', `${where.uri}: no labels dataset there`, { file: where.uri });
    try {
      return await use(table, where);
    } finally {
      table.close();
    }
  } finally {
    connection.close();
  }
}

async function connectTo(where: StoreLocation, options: LabelsDatasetOptions): Promise<lancedb.Connection> {
  try {
    return await connectLance(where.parent, options);
  } catch (cause) {
    throw new CuratorError('store', `cannot reach ${where.parent}: ${messageOf(cause)}`, { file: where.uri, cause });
  }
}

async function openIfExists(connection: lancedb.Connection, where: StoreLocation, options: LabelsDatasetOptions): Promise<lancedb.Table | undefined> {
  try {
    return await connection.openTable(where.table, undefined, { storageOptions: options.storageOptions });
  } catch (cause) {
    if (/not found|does not exist|was not found/i.test(messageOf(cause))) return undefined;
    throw new CuratorError('store', `cannot open ${where.uri} as a Lance dataset: ${messageOf(cause)}`, { file: where.uri, cause });
  }
}

async function checkout(table: lancedb.Table, version: number, uri: string): Promise<void> {
  if (!Number.isInteger(version) || version < 1) throw usageError(`labels version must be a positive integer, got ${version}`, { file: uri, field: 'version' });
  const versions = (await table.listVersions()).map((v) => v.version);
  if (!versions.includes(version)) {
    throw new CuratorError('input', `${uri} has no version ${version} (latest is ${versions[versions.length - 1]})`, { file: uri, field: 'version' });
  }
  await table.checkout(version);
}

function isAlreadyExists(error: unknown): boolean {
  return /already exists/i.test(messageOf(error));
}

/** Commit conflicts and version races: another writer committed in between; trying again is safe. */
function isRetryable(error: unknown): boolean {
  return /conflict|retryable|concurrent|already exists/i.test(messageOf(error));
}

function writeError(where: StoreLocation, cause: unknown): CuratorError {
  if (CuratorError.is(cause)) return cause;
  return new CuratorError('store', `cannot append to ${where.uri}: ${messageOf(cause)}`, { file: where.uri, cause });
}

function pause(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
