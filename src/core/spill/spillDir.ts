import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CuratorError } from '../errors';
import { removeDeadOwners } from './ownerPid';
import { SpillFile, spillWriteError } from './spillFile';

const PREFIX = 'lance-curator-spill-';

/** The pid that owns a spill folder, from its name (`lance-curator-spill-<pid>-<hex>`). */
export function spillDirOwner(name: string): number | undefined {
  const match = /^lance-curator-spill-(\d+)-[0-9a-f]+$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** The folder spill folders go in: the given one, else `TMPDIR`, else the OS temporary folder. */
export function spillParentOf(tempDir: string | undefined): string {
  return tempDir ?? process.env.TMPDIR ?? os.tmpdir();
}

/** Spill folders of this process not removed yet: removed on exit, whatever ended the run. */
const live = new Set<SpillDir>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) dir.remove();
  });
}

/**
 * One run's spill folder, `<temp>/lance-curator-spill-<pid>-<hex>`, made on
 * first use. Making it first removes the folders of runs whose process is
 * gone (a killed export). It is removed by `remove()` (success, failure,
 * cancel) and, as a last resort, when the process exits.
 */
export class SpillDir {
  private dir: string | undefined;
  private readonly files: SpillFile[] = [];
  private next = 0;

  constructor(readonly parent: string) {}

  /** Removes the spill folders in the parent whose run was killed (their owner pid is gone). */
  removeAbandoned(): string[] {
    return removeDeadOwners(this.parent, spillDirOwner);
  }

  /** The folder, if it was made. */
  get path(): string | undefined {
    return this.dir;
  }

  /** A new file in the folder (the folder is made on the first call). */
  file(stem: string): SpillFile {
    const file = new SpillFile(path.join(this.ensure(), `${stem}-${this.next++}.bin`));
    this.files.push(file);
    return file;
  }

  /**
   * Closes and deletes one file before the run ends (a dedup's vector file);
   * the folder goes with its last file, and is made again if another spills.
   */
  release(file: SpillFile): void {
    const at = this.files.indexOf(file);
    if (at < 0) return;
    this.files.splice(at, 1);
    file.close();
    fs.rmSync(file.path, { force: true });
    if (this.files.length === 0) this.remove();
  }

  /** Resolves when every file's queued writes have landed; rejects with a failed one's error (a full disk). */
  async settle(): Promise<void> {
    await Promise.all(this.files.map((file) => file.settle()));
  }

  /** Closes and deletes every file and the folder. */
  remove(): void {
    for (const file of this.files.splice(0)) {
      try {
        file.close();
      } catch {
        // already closed
      }
    }
    if (this.dir === undefined) return;
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    live.delete(this);
  }

  private ensure(): string {
    if (this.dir !== undefined) return this.dir;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.parent);
    } catch {
      throw new CuratorError('usage', `the temporary folder ${this.parent} does not exist`, { option: 'tempDir', file: this.parent });
    }
    if (!stat.isDirectory()) throw new CuratorError('usage', `the temporary folder ${this.parent} is not a folder`, { option: 'tempDir', file: this.parent });
    const dir = path.join(this.parent, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      fs.mkdirSync(dir);
    } catch (cause) {
      throw spillWriteError(dir, cause);
    }
    installExitHook();
    live.add(this);
    this.dir = dir;
    return dir;
  }
}
