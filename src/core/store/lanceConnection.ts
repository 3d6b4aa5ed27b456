import * as lancedb from '@lancedb/lancedb';
import { DEFAULT_MEMORY_BUDGET } from '../spill/byteSize';

/** How lancedb reaches a location: object-store settings, and the memory budget its caches are sized from. */
export interface ConnectOptions {
  /** Object-store credentials and settings for `s3://`, `gs://`, `az://` locations. */
  storageOptions?: Record<string, string>;
  /** The run's memory budget (`--memory-budget`); default 1 GiB. */
  memoryBudget?: number;
}

/**
 * The bytes lancedb's metadata and index caches may hold, each: a sixty-fourth
 * of the budget (16 MiB for the default), at least 8 MiB. lancedb's own
 * defaults (1 GiB of file metadata, 6 GiB of indexes) keep every file's
 * metadata it has read: 235 MB more resident after one scan of the bench's
 * 10M store's light columns (200 files), at the same speed
 * (docs/performance.md). A store is scanned once or twice a run, so a small
 * cache costs a metadata read per file per scan.
 */
export function lanceCacheBytes(memoryBudget = DEFAULT_MEMORY_BUDGET): number {
  return Math.max(8 << 20, Math.floor(memoryBudget / 64));
}

/** One session per cache size, shared by every connection of the process, so the caches' bound is the process's. */
const sessions = new Map<number, lancedb.Session>();

/** Connects to the folder or URI prefix `parent` with caches bounded by the budget (the one way core connects to lancedb). */
export async function connectLance(parent: string, options: ConnectOptions = {}): Promise<lancedb.Connection> {
  const bytes = lanceCacheBytes(options.memoryBudget);
  let session = sessions.get(bytes);
  if (!session) sessions.set(bytes, (session = new lancedb.Session(BigInt(bytes), BigInt(bytes))));
  return lancedb.connect(parent, { storageOptions: options.storageOptions, session });
}
