import { CuratorError } from '../errors';

/** `<shard uuid>/<random>_gen_<i>` as lancedb's errors name a MemWAL generation. */
const GENERATION = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9a-z]+_gen_\d+)/i;

/**
 * Wraps a lancedb failure while reading a store into a CuratorError naming the
 * store and, when lancedb's message names one, the MemWAL generation: a
 * truncated or missing generation must stop the run, never shorten it.
 */
export function storeReadError(uri: string, cause: unknown): CuratorError {
  if (CuratorError.is(cause)) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  const generation = GENERATION.exec(message);
  const where = generation ? ` (write-ahead-log generation _mem_wal/${generation[1]}/${generation[2]})` : '';
  return new CuratorError('store', `cannot read ${uri}${where}: ${oneLine(message)}`, {
    file: generation ? `${uri}/_mem_wal/${generation[1]}/${generation[2]}` : uri,
    cause,
  });
}

/** lancedb's message without its Rust source locations and repeated "Caused by" chain, on one line. */
function oneLine(message: string): string {
  return message
    .split(/\s*Caused by:/)[0]
    .replace(/,?\s*\/\S+\.rs:\d+:\d+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
