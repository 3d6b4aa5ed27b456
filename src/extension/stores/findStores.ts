import { isRemoteUri } from '../../core/store/remoteUri';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FindStoresOptions {
  /** Folder levels below each root to look into (default 4). */
  maxDepth?: number;
  /** Stop after this many stores (default 500). */
  limit?: number;
}

const SKIPPED = new Set(['node_modules', '__pycache__', 'venv', 'target']);

/**
 * A store's review folder (`<store name>.review/`) holds its labels dataset
 * (docs/labels.md): a Lance dataset, but never a store of its own.
 */
const REVIEW_FOLDER = /\.review$/;

/** Whether `file` lies in a review folder (the store watcher ignores the labels dataset's writes). */
export function inReviewFolder(file: string): boolean {
  return /[\\/][^\\/]+\.review[\\/]/.test(file);
}

/**
 * Finds context stores under `roots`: directories named `*.lance` that hold
 * `_versions/`. Skips hidden folders, `node_modules` and review folders (labels), never descends into
 * a store, and stops at `maxDepth`. No VS Code API, so it is unit-tested alone.
 */
export function findStores(roots: readonly string[], options: FindStoresOptions = {}): string[] {
  const maxDepth = options.maxDepth ?? 4;
  const limit = options.limit ?? 500;
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (found.length >= limit) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name) || REVIEW_FOLDER.test(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.endsWith('.lance')) {
        if (isDataset(full)) found.push(full);
        continue;
      }
      if (depth < maxDepth) visit(full, depth + 1);
      if (found.length >= limit) return;
    }
  };
  for (const root of roots) {
    if (root.endsWith('.lance') && isDataset(root)) found.push(root);
    else visit(root, 0);
  }
  return [...new Set(found)];
}

function isDataset(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, '_versions')).isDirectory();
  } catch {
    return false;
  }
}

/** Resolves a configured store (path relative to the first workspace folder, or a URI). */
export function resolveConfiguredStore(entry: string, workspaceRoot: string | undefined): string {
  const trimmed = entry.trim();
  if (isRemoteUri(trimmed)) return trimmed.replace(/\/+$/, '');
  const local = trimmed.replace(/^file:\/\//i, '');
  return path.resolve(workspaceRoot ?? process.cwd(), local);
}

