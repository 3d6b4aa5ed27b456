import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CuratorError } from '../errors';
import { EmbeddingFile } from '../store/payloadColumns';
import { LoadOptions } from '../store/rowTable';
import { VersionState } from './curationSession';

/**
 * How many bytes of f32 vectors a one-shot embedding dedup holds in memory;
 * beyond it they go to a file and are read back by slot (the same decisions:
 * the search works on int8 codes, the seed formula on the file's exact f32).
 * 256 MiB is about 175k × 384. Tests lower it to force the file.
 */
export const DEDUP_MEMORY = { vectorsInMemoryMax: 256 * 2 ** 20 };

export function vectorBytes(count: number, dim: number | null | undefined): number {
  return count * (dim ?? 0) * 4;
}

const DIR_PREFIX = 'lance-curator-dedup-';

/**
 * Runs `work` on the embeddings of `rows` written to a file in a fresh
 * directory of the OS temp folder (named with this process's id), removed
 * afterwards whatever happens. Directories a killed run left (their process
 * is gone) are removed first.
 */
export async function withEmbeddingFile<T>(
  state: VersionState,
  rows: ArrayLike<number>,
  options: LoadOptions,
  work: (file: EmbeddingFile) => Promise<T>,
): Promise<T> {
  removeOrphans(os.tmpdir());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  try {
    let file: EmbeddingFile;
    try {
      file = await state.writeEmbeddingFile(rows, path.join(dir, 'vectors.f32'), options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'ENOSPC') {
        throw new CuratorError('output', `no space left in ${dir} for the embedding dedup's vector file (${rows.length} vectors)`, { cause: error });
      }
      throw error;
    }
    return await work(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes `lance-curator-dedup-<pid>-*` directories in `parent` whose process no longer runs. */
export function removeOrphans(parent: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^lance-curator-dedup-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
