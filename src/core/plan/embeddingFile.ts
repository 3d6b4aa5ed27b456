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

/**
 * Runs `work` on the embeddings of `rows` written to a file in a fresh
 * directory of the OS temp folder (named with this process's id), removed
 * afterwards whatever happens.
 */
export async function withEmbeddingFile<T>(
  state: VersionState,
  rows: ArrayLike<number>,
  options: LoadOptions,
  work: (file: EmbeddingFile) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lance-curator-dedup-${process.pid}-`));
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
