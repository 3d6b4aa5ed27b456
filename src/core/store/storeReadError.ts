import { CuratorError } from '../errors';
import type { DamagedGeneration } from './damagedGeneration';

/** `<shard uuid>/<random>_gen_<i>` as lancedb's errors name a MemWAL generation. */
const GENERATION = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9a-z]+_gen_\d+)/i;

/**
 * Wraps a lancedb failure while reading a store into a CuratorError naming the
 * store and, when lancedb's message names one, the MemWAL generation: a
 * truncated or missing generation must stop the run, never shorten it.
 */
export function storeReadError(uri: string, cause: unknown, damaged?: DamagedGeneration): CuratorError {
  if (CuratorError.is(cause)) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  const named = GENERATION.exec(message);
  if (named) {
    return new CuratorError('store', `cannot read ${uri} (write-ahead-log generation _mem_wal/${named[1]}/${named[2]}): ${oneLine(message)}`, {
      file: `${uri}/_mem_wal/${named[1]}/${named[2]}`,
      cause,
    });
  }
  if (damaged) {
    // lancedb's message names no generation: say which one the search found damaged, and which of its files.
    const generation = `_mem_wal/${damaged.generation}`;
    return new CuratorError('store', `cannot read ${uri} (write-ahead-log generation ${generation}: ${damaged.file} is ${damaged.problem}): ${oneLine(message)}`, {
      file: `${uri}/${generation}/${damaged.file}`,
      cause,
    });
  }
  return new CuratorError('store', `cannot read ${uri}: ${oneLine(message)}`, { file: uri, cause });
}

/** lancedb's message without its Rust source locations and repeated "Caused by" chain, on one line. */
function oneLine(message: string): string {
  return message
    .split(/\s*Caused by:/)[0]
    .replace(/,?\s*\/\S+\.rs:\d+:\d+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
