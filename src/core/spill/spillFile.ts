import * as fs from 'node:fs';
import { CuratorError } from '../errors';
import { CopyPool, QueuedWrites } from './queuedWrites';

/** At most this many bytes wait in queued writes, over every spill file of the process; an append past it is written at once. */
const QUEUED_BYTES_MAX = 8 << 20;
/** The copies of every spill file's queued writes: at least 4 MiB each, one kept (up to 16 MiB) for the next append. */
const copies = new CopyPool(4 << 20, 1, 16 << 20);

/**
 * An append-only file of a spill folder: bytes go in once, in one sequential
 * stream, and come back by offset. An append is a copy queued on the thread
 * pool (the scan goes on while the disk writes), up to QUEUED_BYTES_MAX
 * waiting, and written at once past that; a read first writes any queued
 * bytes it overlaps, so it always sees what was appended. A full disk is an
 * error that says so: at the next append or read, or at `settle()`.
 */
export class SpillFile {
  private fd: number | undefined;
  private size = 0;
  private readonly writes = new QueuedWrites(copies, () => this.whenSettled());
  private closing = false;

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, 'wx+');
    } catch (cause) {
      throw spillWriteError(path, cause);
    }
  }

  /** Appends `bytes` (the caller may reuse them at once); returns the offset they start at. */
  append(bytes: Uint8Array): number {
    this.throwIfFailed();
    const fd = this.openFd();
    const at = this.size;
    this.size += bytes.length;
    if (bytes.length === 0) return at;
    if (copies.queuedBytes + bytes.length > QUEUED_BYTES_MAX) this.writeAt(fd, bytes, bytes.length, at);
    else this.writes.add(fd, bytes, at);
    return at;
  }

  /** A new buffer with `length` bytes from `offset`. */
  read(offset: number, length: number): Buffer {
    this.throwIfFailed();
    const fd = this.openFd();
    // Queued bytes in the range are written now (the queued write then writes the same bytes again).
    for (const write of this.writes.overlapping(offset, length)) this.writeAt(fd, write.bytes, write.length, write.at);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new CuratorError('internal', `spill file ${this.path} ended at ${offset + done} of ${offset + length}`, { file: this.path });
      done += n;
    }
    return out;
  }

  /** Resolves when every queued write has landed; rejects with the error of one that failed (a full disk). */
  async settle(): Promise<void> {
    await this.writes.drain();
    this.throwIfFailed();
  }

  /** Closes the file (once its queued writes land: its descriptor is not handed back while a write uses it). */
  close(): void {
    if (this.fd === undefined || this.closing) return;
    if (this.writes.count > 0) {
      this.closing = true;
      return;
    }
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private whenSettled(): void {
    if (this.closing && this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private writeAt(fd: number, bytes: Uint8Array, length: number, at: number): void {
    try {
      let written = 0;
      while (written < length) written += fs.writeSync(fd, bytes, written, length - written, at + written);
    } catch (cause) {
      throw spillWriteError(this.path, cause);
    }
  }

  private throwIfFailed(): void {
    if (this.writes.failure !== undefined) throw spillWriteError(this.path, this.writes.failure);
  }

  private openFd(): number {
    if (this.fd === undefined || this.closing) throw new CuratorError('internal', `spill file ${this.path} was used after its run ended`, { file: this.path });
    return this.fd;
  }
}

/** Why a spill write failed, in words: a full disk names the folder and what to do. */
export function spillWriteError(file: string, cause: unknown): CuratorError {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CuratorError(
      'output',
      `the disk holding the spill folder is full (no space left writing ${file}): free space there, choose another temporary folder, or raise the memory budget so less spills; nothing was written`,
      { file, option: 'tempDir', cause },
    );
  }
  return new CuratorError('output', `cannot write the spill file ${file}: ${(cause as Error).message ?? String(cause)}`, { file, option: 'tempDir', cause });
}
