import { EmbeddingColumn, EmbeddingFile } from '../store/payloadColumns';
import { RowTable } from '../store/rowTable';
import { dedupEmbeddings, DedupOptions } from './dedup';
import { DedupResult } from './dedupResult';
import { Exclusions } from '../listing/exclusions';
import { formatDistance } from '../strings/formatDistance';
import { StageResult } from './stages';
import { keepMask } from './keepMask';
import { NeighbourGraph } from './neighbourGraph';
import { usageError } from '../errors';
import { VectorSource } from './exactDedup/vectorReader';

/**
 * Greedy near-duplicate removal in scan order: a record goes when its
 * embedding is within `threshold` cosine distance of a record already kept.
 * Runs on the dedup's worker threads; the event loop stays free, so an abort
 * signal fired by an event stops it. The vectors are in memory or in a file
 * (read back by slot: the same decisions in less memory).
 */
export async function dedupStage(
  table: RowTable,
  embeddings: EmbeddingColumn | EmbeddingFile,
  rows: Int32Array,
  threshold: number,
  options: DedupOptions & { keep?: ReadonlySet<string> } = {},
): Promise<StageResult> {
  const slots = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) slots[i] = embeddings.slot[rows[i]];
  const keep = keepMask(table, rows, options.keep);
  if (keep) {
    // The fast kernel decides greedily without overrides; a graph of the pairs within the threshold takes `--keep` exactly.
    const graph = await NeighbourGraph.build(vectorSource(embeddings), slots, threshold, options);
    if (!graph) {
      throw usageError(`too many near-duplicate pairs within the dedup threshold ${threshold} to honour the kept ids; lower the threshold`, { option: 'keep' });
    }
    return dedupStageResult(table, rows, graph.dedup(Int32Array.from({ length: rows.length }, (_, i) => i), threshold, keep), threshold);
  }
  const result = await dedupEmbeddings(vectorSource(embeddings), slots, threshold, options);
  return dedupStageResult(table, rows, result, threshold);
}

/** The vectors of a loaded column, as the dedup reads them. */
export function vectorSource(embeddings: EmbeddingColumn | EmbeddingFile): VectorSource {
  return 'file' in embeddings ? { file: embeddings.file, dim: embeddings.dim } : { data: embeddings.data, dim: embeddings.dim };
}

/** The stage's kept rows and exclusions (with the kept record each duplicates) from a dedup over `rows`. */
export function dedupStageResult(table: RowTable, rows: Int32Array, result: DedupResult, threshold: number): StageResult {
  // Locals, not the result's fields: a session's first recount often runs this before it is optimized.
  const { kept: isKept, duplicateOf: ofItem, distance: itemDistance } = result;
  const kept = new Int32Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (isKept[i]) kept[count++] = rows[i];
  // The stage's own copy of what each removed record's evidence needs: the result's arrays are not kept.
  const removed = new Int32Array(rows.length - count);
  const duplicateOf = new Int32Array(removed.length);
  const distances = new Float64Array(removed.length);
  for (let i = 0, k = 0; i < rows.length; i++) {
    if (isKept[i]) continue;
    removed[k] = rows[i];
    duplicateOf[k] = rows[ofItem[i]];
    distances[k++] = itemDistance[i];
  }
  const t = Math.fround(threshold);
  return {
    kept: kept.slice(0, count),
    excluded: Exclusions.ofRule('dedup', 'near_duplicate', table, removed, (k) => {
      const of = table.id.at(duplicateOf[k]);
      const distance = distances[k];
      return { rule: 'near_duplicate', reason: `near-duplicate of ${of}, distance ${formatDistance(distance)}`, duplicateOf: of, distance, threshold: t };
    }),
  };
}
