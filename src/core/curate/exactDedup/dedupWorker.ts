/**
 * Entry point of a dedup worker thread (bundled by scripts/build.mjs into a
 * JavaScript string and started with `eval`, so it runs the same from the CLI
 * bundle, the extension bundle and the tests). Each message joins one run.
 */
import { parentPort } from 'node:worker_threads';
import { joinRun, RunDescriptor } from './dedupRun';
import { serveRun } from './jobProtocol';

parentPort?.on('message', (message: { descriptor: RunDescriptor; thread: number }) => {
  serveRun(joinRun(message.descriptor, message.thread));
});
