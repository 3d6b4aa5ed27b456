import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { RunDescriptor } from './dedupRun';

/**
 * The process's dedup worker threads, started on first use and kept (unref'd,
 * so they never hold the process open) for later runs. One run uses them at a
 * time; a run that finds them busy works on its own thread.
 */
export class WorkerPool {
  private static current: WorkerPool | null | undefined;
  private busy = false;

  private constructor(private readonly workers: Worker[]) {}

  /** The pool, or undefined when worker threads are unavailable (or the build did not generate the worker). */
  static shared(): WorkerPool | undefined {
    if (WorkerPool.current === undefined) {
      WorkerPool.current = null;
      const source = workerSource();
      const size = Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
      if (source) {
        try {
          const workers = Array.from({ length: size }, () => new Worker(source, { eval: true }));
          const pool = new WorkerPool(workers);
          for (const worker of workers) {
            worker.unref();
            worker.on('error', () => pool.retire());
            worker.on('exit', () => pool.retire());
          }
          WorkerPool.current = pool;
        } catch {
          WorkerPool.current = null;
        }
      }
    }
    return WorkerPool.current ?? undefined;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Takes the pool for one run; false when another run has it. */
  acquire(): boolean {
    if (this.busy) return false;
    this.busy = true;
    return true;
  }

  release(): void {
    for (const worker of this.workers) worker.unref();
    this.busy = false;
  }

  /**
   * Sends the run to the first `count` workers (threads 1..count). They stay
   * ref'd until {@link release}: an `Atomics.waitAsync` alone does not keep
   * the process alive.
   */
  start(descriptor: RunDescriptor, count: number): void {
    for (let k = 0; k < count; k++) {
      this.workers[k].ref();
      this.workers[k].postMessage({ descriptor, thread: k + 1 });
    }
  }

  /** A worker died: the next run starts a fresh pool. */
  private retire(): void {
    if (WorkerPool.current === this) WorkerPool.current = undefined;
  }
}

function workerSource(): string | undefined {
  try {
    return (require('../kernel/generated/dedupWorkerSource') as typeof import('../kernel/generated/dedupWorkerSource')).DEDUP_WORKER_SOURCE;
  } catch {
    return undefined;
  }
}
