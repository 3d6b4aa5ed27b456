import { DedupOptions } from './dedup';
import { DedupResult } from './dedupResult';
import { createRun, VectorSource } from './exactDedup/dedupRun';
import { drive } from './exactDedup/jobDriver';
import { neighbourSteps } from './exactDedup/neighbourSteps';
import { WorkerPool } from './exactDedup/workerPool';

/**
 * Every pair of items within a distance (by the seed's formula), so that the
 * greedy dedup of any subset of the items, at any threshold up to that
 * distance, is one pass over the pairs: what a preview needs when a slider
 * changes which records reach the dedup stage or the threshold itself.
 *
 * @example
 * const graph = await NeighbourGraph.build({ data, dim }, slots, 0.1);
 * const result = graph?.dedup(Int32Array.from([0, 2, 5]), 0.05);
 */
export class NeighbourGraph {
  private constructor(
    /** Items the graph covers (positions of `slots`). */
    readonly size: number,
    /** The largest threshold (f32) the graph answers. */
    readonly threshold32: number,
    /** Pairs of item i: `to`/`distance` at [start[i], start[i+1]), earlier item ascending. */
    private readonly start: Int32Array,
    private readonly to: Int32Array,
    private readonly distance: Float32Array,
  ) {}

  /** Builds the graph of pairs within `threshold`, or undefined when it would hold more than `maxEdges` pairs. */
  static async build(
    matrix: VectorSource,
    slots: Int32Array,
    threshold: number,
    options: DedupOptions & { maxEdges?: number } = {},
  ): Promise<NeighbourGraph | undefined> {
    const n = slots.length;
    const maxEdges = options.maxEdges ?? 16 * n + 100_000;
    const pool = (options.workers ?? (n >= 4096 ? Infinity : 0)) > 0 ? WorkerPool.shared() : undefined;
    const acquired = pool?.acquire() ? pool : undefined;
    try {
      const workers = acquired ? Math.min(options.workers ?? Infinity, acquired.size) : 0;
      const run = createRun(matrix, slots, threshold, {
        workers,
        blockSize: options.blockSize,
        memberChunk: options.memberChunk,
        portable: options.portable,
        edgeCap: 65536,
      });
      const edges = await drive(run, neighbourSteps(run, maxEdges, options.onProgress), acquired, options.signal);
      if (!edges) return undefined;
      const start = new Int32Array(n + 1);
      for (let e = 0; e < edges.from.length; e++) start[edges.from[e] + 1]++;
      for (let i = 0; i < n; i++) start[i + 1] += start[i];
      const fill = start.slice(0, n);
      const order = new Int32Array(edges.from.length);
      for (let e = 0; e < edges.from.length; e++) order[fill[edges.from[e]]++] = e;
      const to = new Int32Array(order.length);
      const distance = new Float32Array(order.length);
      for (let i = 0; i < n; i++) {
        const span = Array.from(order.subarray(start[i], start[i + 1])).sort((a, b) => edges.to[a] - edges.to[b]);
        span.forEach((e, k) => {
          to[start[i] + k] = edges.to[e];
          distance[start[i] + k] = edges.distance[e];
        });
      }
      return new NeighbourGraph(n, Math.fround(threshold), start, to, distance);
    } finally {
      acquired?.release();
    }
  }

  /** Pairs in the graph. */
  get edges(): number {
    return this.to.length;
  }

  /**
   * Calls `visit` for every pair within `threshold` (at most the graph's),
   * once per pair, the later item first, items ascending then earlier item
   * ascending; `distance` is the seed's.
   */
  forEachPair(threshold: number, visit: (item: number, earlier: number, distance: number) => void): void {
    if (!this.covers(threshold)) throw new RangeError(`threshold ${threshold} exceeds the graph's ${this.threshold32}`);
    const t32 = Math.fround(threshold);
    for (let item = 0; item < this.size; item++) {
      for (let e = this.start[item]; e < this.start[item + 1]; e++) if (this.distance[e] <= t32) visit(item, this.to[e], this.distance[e]);
    }
  }

  /** Whether {@link dedup} can answer `threshold`. */
  covers(threshold: number): boolean {
    return Math.fround(threshold) <= this.threshold32;
  }

  /**
   * The seed's greedy dedup of `items` (graph positions, ascending) at
   * `threshold`: an item goes when an earlier kept item of the subset is
   * within the threshold, and names the earliest one. Results are indexed by
   * position in `items`. Items where `keep` is 1 (by position in `items`,
   * `--keep`) are decided first: they all stay, and an item within the
   * threshold of one, earlier or later, goes as a duplicate of the first such
   * kept item in order; the others follow the seed's rule.
   */
  dedup(items: ArrayLike<number>, threshold: number, keep?: Uint8Array): DedupResult {
    if (!this.covers(threshold)) throw new RangeError(`threshold ${threshold} exceeds the graph's ${this.threshold32}`);
    const t32 = Math.fround(threshold);
    const count = items.length;
    const position = new Int32Array(this.size).fill(-1);
    const kept = new Uint8Array(this.size);
    const result: DedupResult = {
      kept: new Uint8Array(count),
      duplicateOf: new Int32Array(count).fill(-1),
      distance: new Float64Array(count).fill(NaN),
    };
    for (let k = 0; k < count; k++) position[items[k]] = k;
    const laterKeep = keep ? this.laterKeptNeighbours(items, position, t32, keep, kept, result) : undefined;
    // Locals, not fields: a session runs this once before its first recount, so that recount's pass
    // (80k items at 100k records) often runs before it is optimized, where each field read costs.
    const { start, to, distance } = this;
    for (let k = 0; k < count; k++) {
      if (keep !== undefined && keep[k]) continue;
      const item = items[k];
      let of = -1;
      for (let e = start[item]; e < start[item + 1]; e++) {
        const earlier = to[e];
        if (!kept[earlier] || distance[e] > t32) continue;
        if (of < 0) of = e;
        // Without kept ids the first is the answer; an earlier kept id comes before any other kept item in decision order.
        if (!keep) break;
        if (keep[position[earlier]]) {
          of = e;
          break;
        }
      }
      if (laterKeep && laterKeep.of[k] >= 0 && !(of >= 0 && keep![position[to[of]]])) {
        result.duplicateOf[k] = laterKeep.of[k];
        result.distance[k] = laterKeep.distance[k];
      } else if (of < 0) {
        kept[item] = 1;
        result.kept[k] = 1;
      } else {
        result.duplicateOf[k] = position[to[of]];
        result.distance[k] = distance[of];
      }
    }
    return result;
  }

  /**
   * Files every kept id (`keep`) as kept and returns, for each other item, the
   * first kept id after it within the threshold (−1: none), with the distance.
   */
  private laterKeptNeighbours(
    items: ArrayLike<number>,
    position: Int32Array,
    t32: number,
    keep: Uint8Array,
    kept: Uint8Array,
    result: DedupResult,
  ): { of: Int32Array; distance: Float64Array } {
    const of = new Int32Array(items.length).fill(-1);
    const distance = new Float64Array(items.length).fill(NaN);
    for (let k = 0; k < items.length; k++) {
      if (!keep[k]) continue;
      kept[items[k]] = 1;
      result.kept[k] = 1;
      for (let e = this.start[items[k]]; e < this.start[items[k] + 1]; e++) {
        const p = position[this.to[e]];
        if (p >= 0 && !keep[p] && of[p] < 0 && this.distance[e] <= t32) {
          of[p] = k;
          distance[p] = this.distance[e];
        }
      }
    }
    return { of, distance };
  }
}
