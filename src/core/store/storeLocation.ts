import * as path from 'node:path';
import { usageError } from '../errors';
import { uriScheme } from './remoteUri';

/** Where a store lives and how lancedb reaches it: `connect(parent)` + `openTable(table)`. */
export interface StoreLocation {
  /** The dataset location as the user gave it, absolute for local paths (the manifest's `context_uri`). */
  uri: string;
  /** The directory or URI prefix holding the dataset. */
  parent: string;
  /** Table name: the dataset directory name without `.lance`. */
  table: string;
  /** Directory name, e.g. `ctx.lance` (the tree label). */
  name: string;
  local: boolean;
}

/** Resolves a store location given as a local path or an `s3://`, `gs://`, `az://` URI. */
export function resolveStoreLocation(location: string, cwd = process.cwd()): StoreLocation {
  const trimmed = location.trim();
  if (!trimmed) throw usageError('store location is empty');
  const scheme = uriScheme(trimmed);
  if (scheme && scheme !== 'file') {
    const uri = trimmed.replace(/\/+$/, '');
    const slash = uri.lastIndexOf('/');
    const name = uri.slice(slash + 1);
    if (slash < scheme.length + 3 || !name) throw usageError(`${location}: expected <scheme>://<bucket>/<path>/<name>.lance`);
    return { uri, parent: uri.slice(0, slash), table: tableName(name, location), name, local: false };
  }
  const localPath = scheme === 'file' ? decodeURIComponent(trimmed.replace(/^file:\/\//i, '')) : trimmed;
  const absolute = path.resolve(cwd, localPath).replace(/[\\/]+$/, '') || path.sep;
  const name = path.basename(absolute);
  return { uri: absolute, parent: path.dirname(absolute), table: tableName(name, location), name, local: true };
}

function tableName(dirName: string, location: string): string {
  if (!dirName.endsWith('.lance') || dirName.length === '.lance'.length) {
    throw usageError(`${location}: a context store is a Lance dataset directory whose name ends in .lance (e.g. ctx.lance)`, {
      file: location,
    });
  }
  return dirName.slice(0, -'.lance'.length);
}
