import * as fs from 'node:fs';
import { CuratorError } from '../errors';

/**
 * An append-only file of a spill folder: bytes go in once, in one sequential
 * stream, and come back by offset. A full disk is an error that says so.
 */
export class SpillFile {
  private fd: number | undefined;
  private size = 0;

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, 'wx+');
    } catch (cause) {
      throw spillWriteError(path, cause);
    }
  }

  /** Appends `bytes`; returns the offset they start at. */
  append(bytes: Uint8Array): number {
    const at = this.size;
    try {
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(this.openFd(), bytes, written, bytes.length - written, at + written);
    } catch (cause) {
      throw spillWriteError(this.path, cause);
    }
    this.size += bytes.length;
    return at;
  }

  /** A new buffer with `length` bytes from `offset`. */
  read(offset: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.openFd(), out, done, length - done, offset + done);
      if (n === 0) throw new CuratorError('internal', `spill file ${this.path} ended at ${offset + done} of ${offset + length}`, { file: this.path });
      done += n;
    }
    return out;
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new CuratorError('internal', `spill file ${this.path} was used after its run ended`, { file: this.path });
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
