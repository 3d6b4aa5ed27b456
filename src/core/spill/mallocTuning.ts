/**
 * glibc's allocator keeps the memory of freed large buffers (Lance's Arrow
 * batches, tens of MiB each) in its heap, raising its mmap threshold after
 * each big free, so a scan leaves hundreds of MiB resident that no one uses.
 * Fixed thresholds hand freed memory back to the system, which is what holds
 * a run to its memory budget. The mmap threshold is 16 KiB: a scan's
 * per-batch arrays (16–64 KiB) that outlive their batch, between ones that do
 * not, otherwise leave holes the heap cannot hand back; the 10M export peaked
 * 117 MiB lower with it than with 128 KiB (937 against 1054 MiB) and the 1M
 * export ran as fast (docs/performance.md). glibc reads them when the process
 * starts, so they are set where a process is started: the CLI's `#!` line
 * (checked against this by a test), the extension's worker and the
 * benchmarks' children. Other platforms ignore them.
 */
export const MALLOC_TUNING: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '16384',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** `env` for a child process that curates: the caller's, with the allocator tuning unless already set. */
export function withMallocTuning(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...MALLOC_TUNING, ...env };
}
