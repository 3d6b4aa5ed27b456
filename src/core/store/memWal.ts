import * as fs from 'node:fs';
import * as path from 'node:path';

/** Unmerged write-ahead-log data found inside a dataset. */
export interface PendingWal {
  /** Flushed generations not yet merged into the base table. */
  generations: number;
  /** Files under `_mem_wal/` that belong to those generations. */
  files: number;
}

/**
 * Looks for flushed MemWAL generations under `<dataset>/_mem_wal/<shard>/`.
 * Shard manifests (`manifest/`) stay after a merge; generation directories are
 * what a base-table reader would miss. Remote stores are not inspected.
 */
export function findPendingWal(datasetDir: string): PendingWal | undefined {
  const walDir = path.join(datasetDir, '_mem_wal');
  let shards: fs.Dirent[];
  try {
    shards = fs.readdirSync(walDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  let generations = 0;
  let files = 0;
  for (const shard of shards) {
    if (!shard.isDirectory()) {
      files++;
      continue;
    }
    for (const entry of fs.readdirSync(path.join(walDir, shard.name), { withFileTypes: true })) {
      if (entry.name === 'manifest' || entry.name === 'version_hint.json') continue;
      const count = entry.isDirectory() ? countFiles(path.join(walDir, shard.name, entry.name)) : 1;
      if (count > 0) {
        generations++;
        files += count;
      }
    }
  }
  return generations > 0 || files > 0 ? { generations, files } : undefined;
}

function countFiles(dir: string): number {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    count += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  }
  return count;
}
