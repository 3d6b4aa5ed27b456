import { EmbeddingColumn } from '../store/payloadColumns';
import { RowTable } from '../store/rowTable';
import { DedupOptions } from './dedup';
import { dedupStage, dedupStageResult } from './dedupStage';
import { NeighbourGraph } from './neighbourGraph';
import { StageResult } from './stages';
import { keepMask } from './keepMask';

/** Thresholds up to this are answered from one graph (the slider's usual range). */
const GRAPH_THRESHOLD = 0.1;

/** What a session keeps between dedup runs over one listing. */
export interface DedupCache {
  graph?: NeighbourGraph;
  /** Graph position of each RowTable row (−1: not in the listing). */
  position?: Int32Array;
  /** A graph at this threshold or above had too many pairs: dedup directly. */
  tooDenseAt?: number;
}

/**
 * {@link dedupStage} for sessions that recount: the first run builds the
 * graph of all pairs of the listing's records within max(threshold, 0.1);
 * later runs with another subset (a reward filter) or a threshold it covers
 * are one pass over it (milliseconds at 10⁵ records). Thresholds beyond it
 * rebuild the graph; listings too dense for a graph dedup directly.
 */
export async function cachedDedupStage(
  table: RowTable,
  embeddings: EmbeddingColumn,
  listing: Int32Array,
  rows: Int32Array,
  threshold: number,
  cache: DedupCache,
  options: DedupOptions & { keep?: ReadonlySet<string> } = {},
): Promise<StageResult> {
  if (!cache.graph?.covers(threshold)) {
    const graphThreshold = Math.max(threshold, GRAPH_THRESHOLD);
    if (cache.tooDenseAt !== undefined && graphThreshold >= cache.tooDenseAt) {
      return dedupStage(table, embeddings, rows, threshold, options);
    }
    const slots = new Int32Array(listing.length);
    for (let k = 0; k < listing.length; k++) slots[k] = embeddings.slot[listing[k]];
    const graph = await NeighbourGraph.build({ data: embeddings.data, dim: embeddings.dim }, slots, graphThreshold, options);
    if (!graph) {
      cache.tooDenseAt = graphThreshold;
      return dedupStage(table, embeddings, rows, threshold, options);
    }
    cache.graph = graph;
    cache.position = new Int32Array(table.length).fill(-1);
    for (let k = 0; k < listing.length; k++) cache.position[listing[k]] = k;
  }
  const items = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) items[k] = cache.position![rows[k]];
  return dedupStageResult(table, rows, cache.graph!.dedup(items, threshold, keepMask(table, rows, options.keep)), threshold);
}
