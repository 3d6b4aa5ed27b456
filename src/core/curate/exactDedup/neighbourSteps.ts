import { ClusterMembers } from './clusterMembers';
import { DedupRun } from './dedupRun';
import { fillBlock, JobRequest, ProgressListener } from './dedupSteps';
import { InBlockMembers } from './inBlockMembers';
import { CONTROL } from './runLayout';
import { JOB, PREPARE_UNIT, seedDistanceOf } from './runUnits';
import { chooseCentres } from './sphericalCentres';
import { VectorKind } from './vectorQuantization';

/** Every pair of items within a threshold: `from` is the later item, `to` the earlier one. */
export interface NeighbourEdges {
  from: Int32Array;
  to: Int32Array;
  /** The seed's distance of each pair. */
  distance: Float32Array;
}

/**
 * All pairs within the threshold, with the dedup's machinery: every normal
 * item becomes a member after its block (not only kept ones), the parallel
 * search records every match as an edge, and the block's own pairs and the
 * vectors the kernel cannot bound are found on this thread. Returns
 * undefined when there are more than `maxEdges` pairs.
 */
export function* neighbourSteps(run: DedupRun, maxEdges: number, onProgress?: ProgressListener): Generator<JobRequest, NeighbourEdges | undefined, void> {
  const { ctx, n } = run;
  const { views, shape, offsets } = ctx;
  const t32 = ctx.margins.threshold32;
  yield { job: JOB.prepare, units: Math.ceil(n / PREPARE_UNIT) };
  let normals = 0;
  for (let i = 0; i < n; i++) if (views.flags[i] === VectorKind.Normal) normals++;
  const K = normals > 0 ? yield* chooseCentres(run, normals) : 1;
  const members = new ClusterMembers(ctx, ctx.margins.angle, K);
  const inBlock = new InBlockMembers(ctx.margins.angle);
  const edges = new EdgeList();
  const withVectors: number[] = [];
  const abnormal: number[] = [];
  const qListBase = offsets.threads[0].qList >> 2;
  const mList = new Int32Array(views.buffer, offsets.threads[0].candItems, Math.max(shape.blockMax, shape.memberChunk));
  let cursor = 0;
  while (cursor < n) {
    const blockStart = cursor;
    let nb: number;
    ({ cursor, nb } = fillBlock(run, cursor, shape.blockMax, members.centres));
    if (nb > 0) {
      for (let t = 0; t < shape.threads; t++) views.control[CONTROL.edgeCount + t] = 0;
      yield {
        job: JOB.searchGraph,
        units: Math.ceil(nb / shape.unitMax),
        progress: (done) => onProgress?.(blockStart + Math.round(((cursor - blockStart) * done) / nb), n),
      };
      if (views.control[CONTROL.edgeOverflow]) return undefined;
      for (let t = 0; t < shape.threads; t++) {
        const count = views.control[CONTROL.edgeCount + t];
        const pairs = new Int32Array(views.buffer, offsets.threads[t].edges, count * 2);
        const distances = new Float32Array(views.buffer, offsets.threads[t].edgeDistance, count);
        for (let e = 0; e < count; e++) edges.push(pairs[2 * e], pairs[2 * e + 1], distances[e]);
      }
    }
    inBlock.reset(members.centres);
    let p = 0;
    for (let i = blockStart; i < cursor; i++) {
      const kind = views.flags[i];
      if (kind === VectorKind.None || kind === VectorKind.Zero) continue;
      if (kind === VectorKind.Abnormal) {
        for (const k of withVectors) {
          const distance = seedDistanceOf(ctx, i, k);
          if (distance <= t32) edges.push(i, k, distance);
        }
        abnormal.push(i);
      } else {
        for (const k of abnormal) {
          const distance = seedDistanceOf(ctx, i, k);
          if (distance <= t32) edges.push(i, k, distance);
        }
        inBlock.allMatches(ctx, i, p, qListBase, mList, (member, distance) => edges.push(i, member, distance));
        inBlock.add(i, p, views.cluster[i], views.ownLo[i], views.ownHi[i]);
        p++;
      }
      withVectors.push(i);
      if (edges.length > maxEdges) return undefined;
    }
    for (let k = 0; k < inBlock.items.length; k++) members.add(inBlock.items[k], inBlock.positions[k]);
    members.finishBlock();
    onProgress?.(cursor, n);
  }
  return edges.finish();
}

/** A growing list of edges. */
class EdgeList {
  private from = new Int32Array(1024);
  private to = new Int32Array(1024);
  private distance = new Float32Array(1024);
  length = 0;

  push(from: number, to: number, distance: number): void {
    if (this.length === this.from.length) {
      const grow = <T extends Int32Array | Float32Array>(array: T): T => {
        const next = new (array.constructor as new (n: number) => T)(array.length * 2);
        next.set(array);
        return next;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
      this.distance = grow(this.distance);
    }
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.distance[this.length] = distance;
    this.length++;
  }

  finish(): NeighbourEdges {
    return { from: this.from.slice(0, this.length), to: this.to.slice(0, this.length), distance: this.distance.slice(0, this.length) };
  }
}
