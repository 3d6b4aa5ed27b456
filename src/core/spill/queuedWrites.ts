import * as fs from 'node:fs';

/** A write queued on the thread pool: where it goes, and a copy of its bytes until it lands. */
export interface QueuedWrite {
  at: number;
  bytes: Buffer;
  length: number;
}

/**
 * Buffers that queued writes copy their bytes into, reused once a write has
 * landed: a fresh buffer per write is fresh pages the kernel must zero and
 * map, a page fault every 4 KiB. Counts the bytes its copies hold in
 * writes not landed yet.
 */
export class CopyPool {
  private readonly spare: Buffer[] = [];
  /** Bytes in queued writes copied from this pool. */
  queuedBytes = 0;

  constructor(
    /** A copy is at least this large, so copies are reused across writes of varying size. */
    private readonly minBytes: number,
    /** Landed copies kept for reuse (they are resident memory). */
    private readonly maxSpare: number,
    /** A landed copy larger than this is not kept. */
    private readonly maxKept = Infinity,
  ) {}

  take(bytes: Uint8Array): Buffer {
    let copy = this.spare.pop();
    if (!copy || copy.length < bytes.length) copy = Buffer.allocUnsafe(Math.max(bytes.length, this.minBytes));
    copy.set(bytes);
    this.queuedBytes += bytes.length;
    return copy;
  }

  give(copy: Buffer, length: number): void {
    this.queuedBytes -= length;
    if (this.spare.length < this.maxSpare && copy.length <= this.maxKept) this.spare.push(copy);
  }
}

/**
 * One file's positional writes of copies on the thread pool: the caller goes
 * on (and may reuse its bytes) while the disk writes. Writes may land in any
 * order; the first error is kept for the owner to report.
 */
export class QueuedWrites {
  private readonly queued = new Set<QueuedWrite>();
  private waiters: (() => void)[] = [];
  /** The error of the first write that failed. */
  failure: unknown;

  constructor(
    private readonly pool: CopyPool,
    /** Called whenever the last queued write lands. */
    private readonly onIdle?: () => void,
  ) {}

  get count(): number {
    return this.queued.size;
  }

  /** Queues a write of a copy of `bytes` at offset `at` of `fd`. */
  add(fd: number, bytes: Uint8Array, at: number): void {
    const copy = this.pool.take(bytes);
    const write: QueuedWrite = { at, bytes: copy, length: bytes.length };
    this.queued.add(write);
    const writeFrom = (offset: number) =>
      fs.write(fd, copy, offset, write.length - offset, at + offset, (error, written) => {
        if (!error && offset + written < write.length) return writeFrom(offset + written);
        if (error) this.failure ??= error;
        this.queued.delete(write);
        this.pool.give(copy, write.length);
        if (this.queued.size === 0) this.onIdle?.();
        this.waiters.splice(0).forEach((wake) => wake());
      });
    writeFrom(0);
  }

  /** The queued writes that overlap bytes `[offset, offset + length)`. */
  overlapping(offset: number, length: number): QueuedWrite[] {
    return [...this.queued].filter((write) => write.at < offset + length && offset < write.at + write.length);
  }

  /** Resolves when at most `limit` writes are queued. */
  async drain(limit = 0): Promise<void> {
    while (this.queued.size > limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
