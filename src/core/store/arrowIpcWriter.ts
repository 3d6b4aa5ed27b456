import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectLance } from './lanceConnection';
import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { StoreLocation } from './storeLocation';

/**
 * Writes Arrow tables to a Lance dataset through lancedb's native layer.
 *
 * lancedb's JS `createTable`/`add` sanitize schemas first and reject
 * LargeUtf8/LargeBinary, which lance-context uses for `metadata` and the
 * payloads. The native layer underneath takes Arrow IPC file buffers of any
 * schema, so this module hands it the IPC bytes directly. It is the only
 * place that touches lancedb internals; a test reads the written schema back.
 */

interface NativeConnection {
  createTable(name: string, buf: Buffer, mode: string, namespace?: string[] | null, storageOptions?: Record<string, string> | null): Promise<unknown>;
}

interface NativeTable {
  add(buf: Buffer, mode: string): Promise<unknown>;
}

function nativeOf<T>(handle: object, what: string): T {
  const inner = (handle as { inner?: T }).inner;
  if (!inner) throw new CuratorError('internal', `@lancedb/lancedb ${what} has no native handle; this lancedb version is not supported for writing`);
  return inner;
}

function ipcBuffer(table: arrow.Table): Buffer {
  return Buffer.from(arrow.tableToIPC(table, 'file'));
}

/** Creates the dataset with `table` as its first version, or appends `table` as a new version. */
export async function writeArrowTable(
  location: StoreLocation,
  table: arrow.Table,
  options: { storageOptions?: Record<string, string> } = {},
): Promise<{ created: boolean }> {
  const exists = location.local ? fs.existsSync(path.join(location.uri, '_versions')) : await remoteExists(location, options);
  const connection = await connectLance(location.parent, options);
  try {
    if (!exists) {
      if (location.local) fs.mkdirSync(location.parent, { recursive: true });
      await nativeOf<NativeConnection>(connection, 'Connection').createTable(
        location.table,
        ipcBuffer(table),
        'create',
        [],
        options.storageOptions ?? null,
      );
      return { created: true };
    }
    const target = await connection.openTable(location.table, undefined, { storageOptions: options.storageOptions });
    try {
      await nativeOf<NativeTable>(target, 'Table').add(ipcBuffer(table), 'append');
    } finally {
      target.close();
    }
    return { created: false };
  } finally {
    connection.close();
  }
}

async function remoteExists(location: StoreLocation, options: { storageOptions?: Record<string, string> }): Promise<boolean> {
  const connection = await connectLance(location.parent, options);
  try {
    return (await connection.tableNames()).includes(location.table);
  } finally {
    connection.close();
  }
}
