import * as path from 'node:path';
import { DEFAULT_MEMORY_BUDGET, parseByteSize } from './byteSize';
import { SpillDir, spillParentOf } from './spillDir';
import { SpillFile } from './spillFile';

/** How a run may use memory: `--memory-budget` and `--temp-dir`. Neither changes a byte of the output. */
export interface SpillSettings {
  /** Bytes the run may use (default 1 GiB); what does not fit spills. */
  memoryBudget?: number;
  /** Where spill folders go (default: `TMPDIR`, else the OS temporary folder). */
  tempDir?: string;
}

/**
 * Bytes of memory each listed record keeps outside the byte columns for the
 * whole run (measured on the bench's stores: row table, signals, row lists,
 * groups; docs/scale.md § "What still grows with the store").
 */
export const RECORD_STATE_BYTES = 96;

/** How often the budget reads the process's resident set again (ms). */
const RSS_REFRESH_MS = 10;

/** Bytes of one spilled piece of a column: written once, read back by offset through the budget's cache. */
export interface SpilledChunk {
  file: SpillFile;
  offset: number;
  length: number;
  cache: ChunkCache;
}

/** The most recently read spilled chunks, up to a byte limit. */
export class ChunkCache {
  private readonly chunks = new Map<SpilledChunk, Buffer>();
  private bytes = 0;
  /** The most recently read chunk (always held: it is the newest entry of `chunks`). */
  private last?: SpilledChunk;
  private lastBuffer?: Buffer;

  constructor(private readonly limit: number) {}

  get(chunk: SpilledChunk): Buffer {
    // Rows are read in runs from one piece: the last piece needs no reordering.
    if (chunk === this.last) return this.lastBuffer!;
    let buffer = this.chunks.get(chunk);
    if (buffer) {
      // Most recent last: the Map keeps insertion order.
      this.chunks.delete(chunk);
      this.chunks.set(chunk, buffer);
      this.last = chunk;
      this.lastBuffer = buffer;
      return buffer;
    }
    buffer = chunk.file.read(chunk.offset, chunk.length);
    this.chunks.set(chunk, buffer);
    this.bytes += buffer.length;
    for (const [old, oldBuffer] of this.chunks) {
      if (this.bytes <= this.limit || this.chunks.size <= 1) break;
      this.chunks.delete(old);
      this.bytes -= oldBuffer.length;
    }
    this.last = chunk;
    this.lastBuffer = buffer;
    return buffer;
  }

  clear(): void {
    this.last = undefined;
    this.lastBuffer = undefined;
    this.chunks.clear();
    this.bytes = 0;
  }
}

/**
 * The memory budget of one session: the byte columns (texts, metadata) keep
 * up to a quarter of it, less the run's per-record state, in memory while
 * the process stays under three fifths of it, and what does not fit goes to a spill folder,
 * read back through a cache of a thirty-second of it. A column's bytes count
 * against the budget until the column is collected.
 */
export class MemoryBudget {
  readonly bytes: number;
  readonly cache: ChunkCache;
  private readonly dir: SpillDir;
  private held = 0;
  private reserved = 0;
  private spilledBytes = 0;
  private rss = 0;
  private rssReadAt = -Infinity;
  private readonly release = new FinalizationRegistry<number>((bytes) => {
    this.held -= bytes;
  });

  constructor(settings: SpillSettings = {}) {
    this.bytes = settings.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
    limitLanceReadAhead(this.bytes);
    this.dir = new SpillDir(spillParentOf(settings.tempDir));
    // What a killed run left goes first, spilling or not.
    this.dir.removeAbandoned();
    // A 32nd: the 3M export writes as fast with it as with a 16th (19.8 and 28.6 s against 23.1 and 27.3 s, alternated, busy machine) and peaks 55 MB lower.
    this.cache = new ChunkCache(Math.max(1 << 20, Math.floor(this.bytes / 32)));
  }

  /**
   * The share byte columns may hold in memory: a quarter of the budget, less what the
   * run's per-record state will take ({@link reserveRecords}), so a large store
   * spills its columns from the start instead of filling memory the later
   * stages need.
   */
  get columnShare(): number {
    // A quarter of the budget is the headroom of the reads and writes themselves (lancedb's scan buffers, the write queue).
    return Math.max(0, Math.floor(this.bytes / 2) - Math.floor(this.bytes / 4) - this.reserved);
  }

  /**
   * Sets aside the per-record state a run over `records` rows keeps in memory
   * whatever the budget (row table indexes, codes, row lists, groups), taken
   * from the columns' share.
   */
  reserveRecords(records: number): void {
    this.reserved = Math.max(this.reserved, records * RECORD_STATE_BYTES);
  }

  /** Bytes written to the spill folder so far. */
  get spilled(): number {
    return this.spilledBytes;
  }

  /** The spill folder, once something spilled. */
  get spillPath(): string | undefined {
    return this.dir.path;
  }

  /**
   * True when `bytes` more may stay in memory: the columns' share has room,
   * and the process, with them, stays under three fifths of the budget (the
   * rest is headroom for what a run builds after reading: groups, examples,
   * write buffers).
   */
  fits(bytes: number): boolean {
    return this.held + bytes <= this.columnShare && this.residentBytes() + bytes <= this.bytes * 0.6;
  }

  /**
   * The process's resident set, read again at most every RSS_REFRESH_MS:
   * reading it is a read of /proc (~50 µs), and a scan asks per batch and
   * column; what a few milliseconds move it is within the margin left above
   * three fifths of the budget.
   */
  private residentBytes(): number {
    const now = performance.now();
    if (now - this.rssReadAt >= RSS_REFRESH_MS) {
      this.rss = process.memoryUsage.rss();
      this.rssReadAt = now;
    }
    return this.rss;
  }

  /** Counts `owner`'s bytes as held in memory until it is collected. */
  hold(owner: object, bytes: number): void {
    this.held += bytes;
    this.release.register(owner, bytes);
  }

  /** A new spill file (the spill folder is made on first use). */
  file(stem: string): SpillFile {
    return this.dir.file(stem);
  }

  /** Resolves when the spill files' queued writes have landed; rejects if one failed (a full disk says so). */
  settle(): Promise<void> {
    return this.dir.settle();
  }

  /** Deletes a spill file before the session ends (the spill folder goes with its last file). */
  discard(file: SpillFile): void {
    this.dir.release(file);
  }

  /** Counts bytes written to a spill file. */
  countSpilled(bytes: number): void {
    this.spilledBytes += bytes;
  }

  /** Removes the spill folder and forgets cached chunks. */
  close(): void {
    this.cache.clear();
    this.dir.remove();
  }
}

/**
 * Lance reads ahead up to `LANCE_DEFAULT_IO_BUFFER_SIZE` bytes of a scan (2
 * GiB unless set), read when a scan starts. A sixty-fourth of the budget, at
 * least 16 MiB (16 MiB for the default), scans the bench's 3M store's light
 * columns and texts as fast as 64 MiB and 2 GiB do, and a text scan peaks 45
 * MB lower than with 64 MiB (docs/performance.md). A value the user set is
 * left alone; the smallest budget of the process's sessions wins.
 */
function limitLanceReadAhead(budget: number): void {
  const wanted = Math.max(16 << 20, Math.floor(budget / 64));
  const current = process.env[LANCE_IO_BUFFER];
  if (current !== undefined && !ownReadAhead.has(current)) return;
  if (current !== undefined && Number(current) <= wanted) return;
  process.env[LANCE_IO_BUFFER] = String(wanted);
  ownReadAhead.add(String(wanted));
}

const LANCE_IO_BUFFER = 'LANCE_DEFAULT_IO_BUFFER_SIZE';
/** Values this process set (a value from outside is the user's). */
const ownReadAhead = new Set<string>();

/**
 * The budget settings as people write them (a flag's or a setting's text):
 * the size parsed, the folder resolved against `cwd` when given. A bad size
 * is a usage error naming the option `memoryBudget`.
 */
export function spillSettingsOf(text: { memoryBudget?: string; tempDir?: string }, cwd?: string): SpillSettings {
  return {
    ...(text.memoryBudget !== undefined ? { memoryBudget: parseByteSize(text.memoryBudget) } : {}),
    ...(text.tempDir !== undefined ? { tempDir: cwd === undefined ? text.tempDir : path.resolve(cwd, text.tempDir) } : {}),
  };
}
