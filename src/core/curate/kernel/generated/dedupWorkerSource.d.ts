/** The dedup worker (src/core/curate/exactDedup/dedupWorker.ts) bundled by scripts/build.mjs, as JavaScript source. */
export declare const DEDUP_WORKER_SOURCE: string;
