import { DedupResult } from './dedupResult';
import { createRun, RunSettings, VectorSource } from './exactDedup/dedupRun';
import { dedupSteps } from './exactDedup/dedupSteps';
import { drive } from './exactDedup/jobDriver';
import { WorkerPool } from './exactDedup/workerPool';

export type { VectorFile, VectorMatrix, VectorSource } from './exactDedup/dedupRun';

export interface DedupOptions {
  signal?: AbortSignal;
  /** Items resolved so far, out of the number of items. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads to use (default: one per core for inputs large enough to
   * pay for them, else none). Fewer are used when another run holds the pool.
   */
  workers?: number;
  /** Normal items per block (default: by input size). For tests. */
  blockSize?: number;
  /** Members per kernel call. For tests. */
  memberChunk?: number;
  /** Use the JavaScript kernel even where WebAssembly SIMD is available. For tests. */
  portable?: boolean;
}

/** Items below which worker threads cost more than they save. */
const WORKER_MIN_ITEMS = 4096;

/**
 * Greedy dedup of items (never blocking the event loop, so an abort signal fired by an event stops it) whose vectors sit at `slots` in `matrix` (−1 = no
 * vector), with exactly the seed's decisions: an item is a duplicate iff an
 * earlier kept item is within `threshold` cosine distance (f32, index-order
 * accumulation); `duplicateOf` names the earliest such kept item and
 * `distance` is the seed's distance to it. Fast: int8 SIMD similarity bounds
 * prune, the seed's formula decides (see docs/performance.md).
 *
 * @example
 * const { kept } = await dedupEmbeddings({ data, dim: 384 }, Int32Array.from({ length: n }, (_, i) => i), 0.05);
 */
export async function dedupEmbeddings(
  matrix: VectorSource,
  slots: Int32Array,
  threshold: number,
  options: DedupOptions = {},
): Promise<DedupResult> {
  const { pool, settings } = plan(slots.length, options);
  try {
    const run = createRun(matrix, slots, threshold, settings);
    return await drive(run, dedupSteps(run, options.onProgress), pool, options.signal);
  } finally {
    pool?.release();
  }
}

/** Which kernel and how many worker threads a run of `n` items would use. */
export function dedupBackend(n: number, options: Pick<DedupOptions, 'workers' | 'portable'> = {}): { kernel: 'wasm-simd' | 'portable'; workers: number } {
  const { pool, settings } = plan(n, options);
  pool?.release();
  const run = createRun({ data: new Float32Array(16), dim: 16 }, new Int32Array(1), 0, { ...settings, workers: 0 });
  return { kernel: run.ctx.kernel.name, workers: settings.workers };
}

function plan(n: number, options: Pick<DedupOptions, 'workers' | 'blockSize' | 'memberChunk' | 'portable'>): { pool?: WorkerPool; settings: RunSettings } {
  const wanted = options.workers ?? (n >= WORKER_MIN_ITEMS ? Infinity : 0);
  let pool: WorkerPool | undefined;
  let workers = 0;
  if (wanted > 0) {
    pool = WorkerPool.shared();
    if (pool && pool.acquire()) workers = Math.min(wanted, pool.size);
    else pool = undefined;
  }
  return {
    pool,
    settings: { workers, blockSize: options.blockSize, memberChunk: options.memberChunk, portable: options.portable },
  };
}
