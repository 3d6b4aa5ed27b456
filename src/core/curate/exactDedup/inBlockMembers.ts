import { itemAngles, skipThresholds } from './clusterMembers';
import { KERNEL_SLACK } from './dedupMargins';
import { NO_EVIDENCE, RunContext, seedDistanceOf } from './runUnits';

/**
 * The current block's members (kept normal items in dedup mode, every normal
 * item in graph mode), by cluster, with their angle ranges: the part of the
 * members the parallel search of the block could not see.
 */
export class InBlockMembers {
  readonly items: number[] = [];
  readonly positions: number[] = [];
  /** Block positions of each cluster's kept items. */
  private readonly lists = new Map<number, number[]>();
  private readonly thetaMin = new Map<number, number>();
  private readonly thetaMax = new Map<number, number>();
  private readonly A = new Map<number, number>();
  private readonly B = new Map<number, number>();

  private centres = 0;

  constructor(private readonly angle: number) {}

  /** Starts a block whose centre intervals were computed against `centres` centres. */
  reset(centres: number): void {
    this.centres = centres;
    this.items.length = 0;
    this.positions.length = 0;
    this.lists.clear();
    this.thetaMin.clear();
    this.thetaMax.clear();
    this.A.clear();
    this.B.clear();
  }

  add(item: number, position: number, cluster: number, lo: number, hi: number): void {
    this.items.push(item);
    this.positions.push(position);
    let list = this.lists.get(cluster);
    if (!list) this.lists.set(cluster, (list = []));
    list.push(position);
    const [thetaLo, thetaHi] = itemAngles(lo, hi);
    const min = Math.min(thetaLo, this.thetaMin.get(cluster) ?? Infinity);
    const max = Math.max(thetaHi, this.thetaMax.get(cluster) ?? -Infinity);
    this.thetaMin.set(cluster, min);
    this.thetaMax.set(cluster, max);
    const { A, B } = skipThresholds(min, max, this.angle);
    this.A.set(cluster, A);
    this.B.set(cluster, B);
  }

  /** The earliest kept item of this block within the threshold of `item` (block position `p`) if earlier than `before`, else `before`. */
  earliestMatch(ctx: RunContext, item: number, p: number, qListBase: number, mList: Int32Array, before: number): number {
    if (this.items.length === 0 || this.items[0] >= before) return before;
    const { blockQueries } = ctx.views;
    const { views, offsets, shape, kernel, margins } = ctx;
    const main = offsets.threads[0];
    const row = p * this.centres;
    let best = before;
    views.i32[qListBase] = p;
    for (const [cluster, list] of this.lists) {
      if (blockQueries[list[0]] >= best) continue;
      if (!(views.blockHi[row + cluster] + KERNEL_SLACK >= this.A.get(cluster)!)) continue;
      if (!(views.blockLo[row + cluster] - KERNEL_SLACK <= this.B.get(cluster)!)) continue;
      mList.set(list);
      const written = kernel.scan(
        offsets.blockRows, offsets.blockMeta, main.qList, 1,
        offsets.blockCodes, offsets.blockMeta, mList.byteOffset, list.length,
        shape.dp, margins.kernelCut, main.out, main.outCap, 0, main.state,
      );
      for (let w = 0; w < written; w += 2) {
        const member = blockQueries[list[views.i32[(main.out >> 2) + w + 1]]];
        if (member >= best) break;
        if (seedDistanceOf(ctx, item, member) <= margins.threshold32) {
          best = member;
          break;
        }
      }
    }
    return best;
  }

  /** Every member of this block within the threshold of `item` (block position `p`), with the seed distance. */
  allMatches(ctx: RunContext, item: number, p: number, qListBase: number, mList: Int32Array, found: (member: number, distance: number) => void): void {
    if (this.items.length === 0) return;
    const { views, offsets, shape, kernel, margins } = ctx;
    const { blockQueries } = views;
    const main = offsets.threads[0];
    const row = p * this.centres;
    views.i32[qListBase] = p;
    for (const [cluster, list] of this.lists) {
      if (!(views.blockHi[row + cluster] + KERNEL_SLACK >= this.A.get(cluster)!)) continue;
      if (!(views.blockLo[row + cluster] - KERNEL_SLACK <= this.B.get(cluster)!)) continue;
      for (let m0 = 0; m0 < list.length; m0 += mList.length) {
        const nm = Math.min(mList.length, list.length - m0);
        mList.set(list.slice(m0, m0 + nm));
        const written = kernel.scan(
          offsets.blockRows, offsets.blockMeta, main.qList, 1,
          offsets.blockCodes, offsets.blockMeta, mList.byteOffset, nm,
          shape.dp, margins.kernelCut, main.out, main.outCap, 0, main.state,
        );
        for (let w = 0; w < written; w += 2) {
          const member = blockQueries[list[m0 + views.i32[(main.out >> 2) + w + 1]]];
          const distance = seedDistanceOf(ctx, item, member);
          if (distance <= margins.threshold32) found(member, distance);
        }
      }
    }
  }
}
