import { CuratorError, cancelledError, throwIfAborted } from '../../errors';
import { DedupRun } from './dedupRun';
import { JobRequest } from './dedupSteps';
import { publishJob, recordedError, stopWorkers, workOnJob } from './jobProtocol';
import { CONTROL } from './runLayout';
import { WorkerPool } from './workerPool';

/** How often a waiting main thread reports progress and looks at the abort signal. */
const POLL_MS = 50;
/** An async run on its own thread yields to the event loop at least this often. */
const YIELD_MS = 25;

/**
 * Runs a run's steps to the end without blocking the event loop: each yielded
 * job on the workers (waiting with `Atomics.waitAsync`) or on this thread in
 * slices when there are none. The abort signal is read between units and while
 * waiting; workers stop at their next kernel call.
 */
export async function drive<T>(
  run: DedupRun,
  steps: Generator<JobRequest, T, void>,
  pool: WorkerPool | undefined,
  signal?: AbortSignal,
): Promise<T> {
  throwIfAborted(signal);
  const workers = run.descriptor.shape.threads - 1;
  if (pool && workers > 0) pool.start(run.descriptor, workers);
  try {
    let step = steps.next();
    while (!step.done) {
      if (step.value.units > 0) {
        if (pool && workers > 0) await waitAsync(run, step.value, signal);
        else await runHereAsync(run, step.value, signal);
      }
      throwIfAborted(signal);
      step = steps.next();
    }
    return step.value;
  } finally {
    if (pool && workers > 0) stopWorkers(run.ctx.views.control);
    run.ctx.vectors.close();
  }
}

async function runHereAsync(run: DedupRun, request: JobRequest, signal?: AbortSignal): Promise<void> {
  const { control } = run.ctx.views;
  const generation = publishJob(control, request.job, request.units);
  let last = performance.now();
  while (Atomics.load(control, CONTROL.doneGeneration) !== generation) {
    throwIfAborted(signal);
    workOnJobOnce(run, generation);
    request.progress?.(control[CONTROL.progress]);
    if (performance.now() - last > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
  checkError(run);
}

/** One unit of the job on this thread. */
function workOnJobOnce(run: DedupRun, generation: number): void {
  workOnJob(run.ctx, generation, 1);
}

async function waitAsync(run: DedupRun, request: JobRequest, signal?: AbortSignal): Promise<void> {
  const { control } = run.ctx.views;
  const generation = publishJob(control, request.job, request.units);
  let cancelling = false;
  for (;;) {
    const done = Atomics.load(control, CONTROL.doneGeneration);
    if (done === generation) break;
    const wait = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(control, CONTROL.doneGeneration, done, POLL_MS);
    if (wait.async) await wait.value;
    request.progress?.(control[CONTROL.progress]);
    if (signal?.aborted && !cancelling) {
      Atomics.store(control, CONTROL.cancel, 1);
      cancelling = true;
    }
  }
  if (cancelling) throw cancelledError();
  checkError(run);
}

interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number, timeout?: number): { async: boolean; value: Promise<string> | string };
}

function checkError(run: DedupRun): void {
  const text = recordedError(run.ctx.views, run.ctx.offsets);
  if (text !== undefined) throw new CuratorError('internal', `dedup worker failed: ${text}`);
}
