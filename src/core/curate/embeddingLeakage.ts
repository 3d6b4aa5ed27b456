import { usageError } from '../errors';
import { DedupOptions, VectorMatrix } from './dedup';
import { formatDistance } from '../strings/formatDistance';
import { LeakageMeasure, PairEvidence, SplitSide } from './leakage';
import { NeighbourGraph } from './neighbourGraph';

/**
 * The embedding measure of train/eval leakage: every pair of units whose
 * embeddings are within `threshold` cosine distance (the seed's formula and
 * f32 threshold, as the dedup decides), found once by the exact neighbour
 * search the dedup uses; a split (or a move) only chooses which pairs
 * straddle. Units without an embedding pair with nothing.
 */
export class EmbeddingLeakageMeasure implements LeakageMeasure {
  private constructor(
    private readonly graph: NeighbourGraph,
    private readonly threshold: number,
    /** Units with an embedding (the check looked at these). */
    readonly embedded: number,
  ) {}

  /**
   * Builds the measure over units whose vectors sit at `slots` in `matrix`
   * (−1: no embedding). Refuses, naming the option, when the units hold more
   * near-duplicate pairs than a report could list usefully.
   */
  static async build(matrix: VectorMatrix, slots: Int32Array, threshold: number, options: DedupOptions & { maxPairs?: number } = {}): Promise<EmbeddingLeakageMeasure> {
    const maxEdges = options.maxPairs ?? 16 * slots.length + 100_000;
    const graph = await NeighbourGraph.build(matrix, slots, threshold, { ...options, maxEdges });
    if (!graph) {
      throw usageError(
        `the leakage check at cosine distance ${formatDistance(Math.fround(threshold))} found more than ${maxEdges} near-duplicate pairs among the curated records: ` +
          'dedup them first (a dedup threshold) or lower the leakage distance',
        { option: 'leakageThreshold' },
      );
    }
    let embedded = 0;
    for (const slot of slots) if (slot >= 0) embedded++;
    return new EmbeddingLeakageMeasure(graph, threshold, embedded);
  }

  straddling(sideOf: (unit: number) => SplitSide): PairEvidence[] {
    const pairs: PairEvidence[] = [];
    this.graph.forEachPair(this.threshold, (item, earlier, distance) => {
      const side = sideOf(item);
      if (side === sideOf(earlier)) return;
      pairs.push(side === 'eval' ? { train: earlier, eval: item, distance } : { train: item, eval: earlier, distance });
    });
    return pairs;
  }
}
