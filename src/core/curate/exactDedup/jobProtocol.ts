import { CONTROL, ERROR_TEXT_BYTES, RunOffsets } from './runLayout';
import { cancelled, Job, runUnit, RunContext } from './runUnits';

/**
 * How threads share the units of a job through the run's control words. The
 * main thread publishes a job under a new generation; every thread claims
 * units with compare-and-swap on a word that carries that generation, so a
 * thread still finishing the previous job can never claim a unit of the next
 * one; the thread that finishes the last unit wakes the main thread.
 */
const GENERATION_BITS = 11;
const UNIT_BITS = 20;
const UNIT_MASK = (1 << UNIT_BITS) - 1;

/** Publishes `job` with `units` units; returns its generation. */
export function publishJob(control: Int32Array, job: Job, units: number): number {
  const generation = (Atomics.load(control, CONTROL.generation) % ((1 << GENERATION_BITS) - 1)) + 1;
  control[CONTROL.job] = job;
  control[CONTROL.units] = units;
  control[CONTROL.unitsDone] = 0;
  control[CONTROL.progress] = 0;
  Atomics.store(control, CONTROL.nextUnit, generation << UNIT_BITS);
  Atomics.store(control, CONTROL.generation, generation);
  Atomics.notify(control, CONTROL.generation);
  return generation;
}

/** Claims the next unit of job `generation`, or −1 when there is none left (or the job changed). */
function claimUnit(control: Int32Array, generation: number, units: number): number {
  for (;;) {
    const word = Atomics.load(control, CONTROL.nextUnit);
    if (word >>> UNIT_BITS !== generation) return -1;
    const unit = word & UNIT_MASK;
    if (unit >= units) return -1;
    if (Atomics.compareExchange(control, CONTROL.nextUnit, word, word + 1) === word) return unit;
  }
}

/** Runs units of job `generation` until none is left (or `budget` are done); errors are recorded for the main thread. */
export function workOnJob(ctx: RunContext, generation: number, budget = Infinity): void {
  const { control } = ctx.views;
  const job = control[CONTROL.job] as Job;
  const units = control[CONTROL.units];
  for (let done = 0; done < budget; done++) {
    const unit = claimUnit(control, generation, units);
    if (unit < 0) return;
    try {
      if (!cancelled(ctx) && Atomics.load(control, CONTROL.error) === 0) runUnit(ctx, job, unit);
    } catch (error) {
      recordError(ctx, error);
    }
    if (Atomics.add(control, CONTROL.unitsDone, 1) + 1 === units) {
      Atomics.store(control, CONTROL.doneGeneration, generation);
      Atomics.notify(control, CONTROL.doneGeneration);
    }
  }
}

/** A worker's life in one run: wait for a job, work on it, until the main thread says stop. */
export function serveRun(ctx: RunContext): void {
  const { control } = ctx.views;
  let seen = 0;
  try {
    for (;;) {
      Atomics.wait(control, CONTROL.generation, seen);
      seen = Atomics.load(control, CONTROL.generation);
      if (Atomics.load(control, CONTROL.stop) !== 0) return;
      workOnJob(ctx, seen);
    }
  } finally {
    ctx.vectors.close();
  }
}

/** Tells the run's workers to leave {@link serveRun}. */
export function stopWorkers(control: Int32Array): void {
  Atomics.store(control, CONTROL.stop, 1);
  Atomics.add(control, CONTROL.generation, 1);
  Atomics.notify(control, CONTROL.generation);
}

function recordError(ctx: RunContext, error: unknown): void {
  const { control, u8 } = ctx.views;
  if (Atomics.compareExchange(control, CONTROL.error, 0, 1) !== 0) return;
  const text = Buffer.from(String((error as Error)?.stack ?? error)).subarray(0, ERROR_TEXT_BYTES - 1);
  u8.set(text, ctx.offsets.errorText);
  u8[ctx.offsets.errorText + text.length] = 0;
}

/** The first error a thread recorded, or undefined. */
export function recordedError(views: { control: Int32Array; u8: Uint8Array }, offsets: RunOffsets): string | undefined {
  if (Atomics.load(views.control, CONTROL.error) === 0) return undefined;
  const start = offsets.errorText;
  let end = start;
  while (end < start + ERROR_TEXT_BYTES && views.u8[end] !== 0) end++;
  return Buffer.from(views.u8.slice(start, end)).toString();
}
