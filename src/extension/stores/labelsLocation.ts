import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRemoteUri } from '../../core/store/remoteUri';

/**
 * Where a store's review decisions go: the `lanceCurator.review.labels`
 * setting names a labels dataset per store (keys: the store's path, absolute
 * or relative to the workspace folder, or its URI; values: a path relative to
 * the workspace folder, or a URI); a store not named there uses
 * `<store name>.review/labels.lance` beside the store.
 */
export function labelsLocationOf(store: string, configured: Record<string, unknown>, workspace: string | undefined): string {
  const resolve = (value: string) => (isRemoteUri(value) || path.isAbsolute(value) || !workspace ? value : path.resolve(workspace, value));
  const normal = (value: string) => (isRemoteUri(value) ? value.replace(/\/+$/, '') : path.resolve(resolve(value)));
  const target = normal(store);
  for (const [key, value] of Object.entries(configured)) {
    if (typeof value === 'string' && value.trim() !== '' && normal(key) === target) return resolve(value.trim());
  }
  return defaultLabelsLocation(store);
}

/** The labels dataset a store's review writes to by default: `ctx.review/labels.lance` beside `ctx.lance`. */
export function defaultLabelsLocation(store: string): string {
  const trimmed = store.replace(/\/+$/, '');
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.lance$/, '');
  if (isRemoteUri(trimmed)) return `${trimmed.slice(0, trimmed.lastIndexOf('/'))}/${name}.review/labels.lance`;
  return path.join(path.dirname(trimmed), `${name}.review`, 'labels.lance');
}

/** Whether a local labels dataset exists yet (a Lance dataset holds `_versions/`); remote ones are not probed. */
export function labelsDatasetExists(location: string): boolean {
  return !isRemoteUri(location) && fs.existsSync(path.join(location, '_versions'));
}
