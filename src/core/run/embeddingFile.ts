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
 * Runs `work` on the embeddings of `rows` written to a file in the session's
 * spill folder (`--temp-dir`, else `TMPDIR`, else the OS temporary folder),
 * deleted when the work ends, fails or is cancelled. A full disk is an error
 * that says so.
 */
export async function withEmbeddingFile<T>(
  state: VersionState,
  rows: ArrayLike<number>,
  options: LoadOptions,
  work: (file: EmbeddingFile) => Promise<T>,
): Promise<T> {
  const spill = state.budget.file('embeddings');
  try {
    const file = await state.writeEmbeddingFile(rows, spill, options);
    return await work(file);
  } finally {
    state.budget.discard(spill);
  }
}
