/** The token-count worker (src/core/formats/tokenCountWorker.ts) bundled by scripts/build.mjs, as JavaScript source. */
export declare const TOKEN_COUNT_WORKER_SOURCE: string;
