import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CuratorError } from '../errors';
import { removeDeadOwners } from '../spill/ownerPid';
import { CopyPool, QueuedWrites } from '../spill/queuedWrites';

/** Bytes buffered before a write to the file. */
const BUFFER_BYTES = 1 << 22;
/** Finished write buffers kept for reuse (a writer drains to a few in flight). */
const MAX_SPARE_BUFFERS = 8;

/**
 * A file written under a temporary name in its target directory and renamed
 * into place on commit, so readers never see a partial file and a failed or
 * cancelled run leaves nothing behind.
 */
export class AtomicFile {
  /** Text is encoded straight into this buffer and written when it fills (no joined strings). */
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private buffered = 0;
  private fd: number | undefined;
  /** File offset of the next write: every write is positional, so queued writes may finish in any order. */
  private position = 0;
  /** Queued writes: their copies are reused once landed (a few: a writer drains to a few in flight). */
  private readonly writes = new QueuedWrites(new CopyPool(BUFFER_BYTES, MAX_SPARE_BUFFERS));
  readonly tempPath: string;

  private constructor(readonly target: string) {
    const dir = path.dirname(target);
    removeAbandonedTemps(dir, path.basename(target));
    this.tempPath = path.join(dir, `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.fd = fs.openSync(this.tempPath, 'wx');
    } catch (cause) {
      throw new CuratorError('output', `cannot write ${target}: ${describeErrno(cause, dir)}`, { file: target, cause });
    }
  }

  /** Opens a temporary file next to `target`; throws a CuratorError naming the directory when it cannot. */
  static create(target: string): AtomicFile {
    return new AtomicFile(target);
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    if (this.buffered + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.writeOut(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.buffered += this.buffer.write(text, this.buffered, 'utf8');
  }

  /** Bytes that are already encoded; written through, synchronously. */
  writeBytes(bytes: Buffer): void {
    this.flush();
    this.writeOut(bytes);
  }

  /**
   * Queues a write of a copy of `bytes` on the thread pool, so disk writes
   * overlap with building the next examples; the caller may reuse `bytes` at
   * once. Copies go into buffers recycled when their write is done: a fresh
   * buffer per write is fresh pages the kernel must zero and map, a page
   * fault every 4 KiB. Await `drain()` now and then to bound what is queued.
   */
  enqueueCopy(bytes: Uint8Array): void {
    this.flush();
    if (this.fd === undefined || bytes.length === 0) return;
    this.writes.add(this.fd, bytes, this.position);
    this.position += bytes.length;
  }

  /** Resolves when at most `limit` queued writes are pending; rejects with a queued write's error. */
  async drain(limit = 0): Promise<void> {
    await this.writes.drain(limit);
    if (this.writes.failure !== undefined) {
      const cause = this.writes.failure;
      throw new CuratorError('output', `cannot write ${this.target}: ${describeErrno(cause, path.dirname(this.target))}`, { file: this.target, cause });
    }
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const data = this.buffer.subarray(0, this.buffered);
    this.buffered = 0;
    this.writeOut(data);
  }

  private writeOut(data: Buffer): void {
    if (this.fd === undefined) return;
    try {
      let written = 0;
      while (written < data.length) written += fs.writeSync(this.fd, data, written, data.length - written, this.position + written);
      this.position += data.length;
    } catch (cause) {
      throw new CuratorError('output', `cannot write ${this.target}: ${describeErrno(cause, path.dirname(this.target))}`, {
        file: this.target,
        cause,
      });
    }
  }

  /** Writes the rest, waits for queued writes, closes and renames the file into place. */
  async commit(): Promise<void> {
    this.flush();
    await this.drain();
    if (this.fd !== undefined) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    fs.renameSync(this.tempPath, this.target);
  }

  /** Closes and deletes the temporary file (after queued writes finish); safe to call more than once. */
  async abort(): Promise<void> {
    await this.drain().catch(() => undefined);
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    fs.rmSync(this.tempPath, { force: true });
  }
}

/** Writes a whole file atomically. */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const file = AtomicFile.create(target);
  try {
    file.write(text);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/** Stages several files and renames them together at the end; aborts all on failure. */
export class AtomicFileSet {
  private readonly files: AtomicFile[] = [];

  open(target: string): AtomicFile {
    const file = AtomicFile.create(target);
    this.files.push(file);
    return file;
  }

  /** Renames every staged file into place, in the order they were opened. */
  async commit(): Promise<void> {
    for (const file of this.files) await file.commit();
  }

  async abort(): Promise<void> {
    for (const file of this.files) await file.abort();
  }
}

function describeErrno(cause: unknown, dir: string): string {
  const code = (cause as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `directory ${dir} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in ${dir}`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    case 'ENOSPC':
      return 'no space left on device';
    case 'ENOTDIR':
      return `${dir} is not a directory`;
    default:
      return (cause as Error).message ?? String(cause);
  }
}

/** Removes the temporary files of `target` that a killed run left (`.<name>.<pid>-<hex>.tmp` of a pid that is gone). */
function removeAbandonedTemps(dir: string, name: string): void {
  const prefix = `.${name}.`;
  removeDeadOwners(dir, (entry) => {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) return undefined;
    const match = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    return match ? Number(match[1]) : undefined;
  });
}
