import { CuratorError } from '../../errors';
import { ANGLE_SLACK, KERNEL_SLACK } from './dedupMargins';
import { shellOf, SHELLS, SLOT_CHUNK, slotCapacity } from './runLayout';
import { RunContext } from './runUnits';
import { META_BYTES, META_FLOATS, quantizeUnit } from './vectorQuantization';

/**
 * The searchable members of each cluster (kept items in dedup mode, every
 * processed item in graph mode), in scan order, and the angle range they span
 * around the cluster's centre.
 *
 * Why a whole cluster can be skipped: for unit vectors the angle is a metric
 * on the sphere, so a query at angle φ from the centre and a member at angle θ
 * from it are at least |φ − θ| apart. A duplicate pair is at most `angle`
 * apart (see dedupMargins.ts). With φ known to an interval (the kernel's
 * cosine interval) and the members' θ within [θmin, θmax], the cluster can
 * hold a duplicate only if φ ≤ θmax + angle and φ ≥ θmin − angle, which in
 * cosines reads `hi ≥ A` and `lo ≤ B` (see {@link skipThresholds}).
 */
export class ClusterMembers {
  /** Per shell list (c·SHELLS + s): room in the pool. */
  private readonly capacity: Int32Array;
  /** Angle ranges per cluster (index c) and per shell (index c·SHELLS + s). */
  private readonly clusterMin: Float64Array;
  private readonly clusterMax: Float64Array;
  private readonly shellMin: Float64Array;
  private readonly shellMax: Float64Array;
  /** Next free slot of each cluster's current chunk, and where that chunk ends. */
  private readonly nextSlot: Int32Array;
  private readonly chunkEnd: Int32Array;
  /** Members per cluster, and the size at which its centre is next recomputed. */
  private readonly members: Int32Array;
  private readonly nextRecentre: Int32Array;
  private readonly unit: Float64Array;
  private readonly pending: number[] = [];
  private top = 0;
  private slotTop = 0;

  constructor(
    private readonly run: RunContext,
    private readonly angle: number,
    /** Centres in use; grows as far items become centres of their own. */
    public centres: number,
  ) {
    const K = run.shape.centres;
    this.capacity = new Int32Array(K * SHELLS);
    this.clusterMin = new Float64Array(K);
    this.clusterMax = new Float64Array(K);
    this.shellMin = new Float64Array(K * SHELLS);
    this.shellMax = new Float64Array(K * SHELLS);
    this.nextSlot = new Int32Array(K);
    this.chunkEnd = new Int32Array(K);
    this.members = new Int32Array(K);
    this.nextRecentre = new Int32Array(K).fill(FIRST_RECENTRE);
    this.unit = new Float64Array(run.shape.dim);
    run.views.listLen.fill(0);
    run.views.listStart.fill(0);
    run.views.clusterA32.fill(Infinity);
    for (let c = 0; c < K; c++) this.resetRanges(c);
  }

  /**
   * Appends `item` as a member: when no centre is near it (its topic has none
   * yet) it first becomes a centre of its own; its codes and metadata (at
   * block position `position`) go into a slot of its cluster's chunk, the
   * slot into its shell's list, and the ranges widen. A cluster's centre is
   * recomputed from its members at 2, 4, 8, … members (in {@link finishBlock}).
   */
  add(item: number, position: number): void {
    const { views, offsets, shape } = this.run;
    if (this.centres < shape.centres && itemAngles(views.ownLo[item], views.ownHi[item])[1] > NEW_CENTRE_ANGLE) {
      this.addCentre(item, position);
    }
    const c = views.cluster[item];
    if (this.nextSlot[c] === this.chunkEnd[c]) {
      if (this.slotTop + SLOT_CHUNK > slotCapacity(shape)) throw new CuratorError('internal', 'dedup member slots exhausted');
      this.nextSlot[c] = this.slotTop;
      this.chunkEnd[c] = this.slotTop + SLOT_CHUNK;
      this.slotTop += SLOT_CHUNK;
    }
    const slot = this.nextSlot[c]++;
    const { dp } = shape;
    views.i8.copyWithin(offsets.slotCodes + slot * dp, offsets.blockCodes + position * dp, offsets.blockCodes + (position + 1) * dp);
    views.f32.copyWithin((offsets.slotMeta >> 2) + slot * META_FLOATS, (offsets.blockMeta >> 2) + position * META_FLOATS, (offsets.blockMeta >> 2) + (position + 1) * META_FLOATS);
    views.slotItem[slot] = item;
    this.list(c, slot, item);
    if (++this.members[c] === this.nextRecentre[c]) {
      this.nextRecentre[c] *= 2;
      this.pending.push(c);
    }
  }

  /**
   * Recomputes the centres that reached a size mark during the block. Only
   * once the whole block is added: members added after a move would carry
   * intervals to the old centre.
   */
  finishBlock(): void {
    for (const c of this.pending) this.recentre(c);
    this.pending.length = 0;
  }

  /** Lists `slot` (of `item`, cluster c) in its shell and widens the ranges. */
  private list(c: number, slot: number, item: number): void {
    const { views } = this.run;
    const [lo, hi] = itemAngles(views.ownLo[item], views.ownHi[item]);
    const v = c * SHELLS + shellOf(hi);
    const length = views.listLen[v];
    if (length === this.capacity[v]) this.grow(v);
    views.listPool[views.listStart[v] + length] = slot;
    views.listLen[v] = length + 1;
    if (lo < this.shellMin[v] || hi > this.shellMax[v]) {
      this.shellMin[v] = Math.min(lo, this.shellMin[v]);
      this.shellMax[v] = Math.max(hi, this.shellMax[v]);
      const { A, B } = skipThresholds(this.shellMin[v], this.shellMax[v], this.angle);
      views.shellA[v] = A;
      views.shellB[v] = B;
    }
    if (lo < this.clusterMin[c] || hi > this.clusterMax[c]) {
      this.clusterMin[c] = Math.min(lo, this.clusterMin[c]);
      this.clusterMax[c] = Math.max(hi, this.clusterMax[c]);
      const { A, B } = skipThresholds(this.clusterMin[c], this.clusterMax[c], this.angle);
      this.setClusterThresholds(c, A, B);
    }
  }

  /** Sets cluster c's thresholds, and their f32 copies rounded outwards past the kernel slack. */
  private setClusterThresholds(c: number, A: number, B: number): void {
    const { views } = this.run;
    views.clusterA[c] = A;
    views.clusterB[c] = B;
    views.clusterA32[c] = Math.fround(A - KERNEL_SLACK - 1e-6);
    views.clusterB32[c] = Math.fround(B + KERNEL_SLACK + 1e-6);
  }

  /** Makes `item` (at block position `position`) the centre of a new, empty cluster. */
  private addCentre(item: number, position: number): void {
    const { views, offsets, shape } = this.run;
    const c = this.centres++;
    const { dp } = shape;
    views.i8.copyWithin(offsets.centreCodes + c * dp, offsets.blockCodes + position * dp, offsets.blockCodes + (position + 1) * dp);
    views.f32.copyWithin((offsets.centreMeta >> 2) + c * META_FLOATS, (offsets.blockMeta >> 2) + position * META_FLOATS, (offsets.blockMeta >> 2) + (position + 1) * META_FLOATS);
    views.cluster[item] = c;
    this.measure(offsets.blockCodes, offsets.blockMeta, [position], [item], c);
  }

  /**
   * Moves centre `c` to the normalized mean of its members' unit vectors,
   * measures every member's interval to it again and rebuilds its shells.
   */
  private recentre(c: number): void {
    const { views, offsets, shape, vectors } = this.run;
    const { dim } = shape;
    const slots: number[] = [];
    for (let v = c * SHELLS; v < (c + 1) * SHELLS; v++) {
      for (let k = 0; k < views.listLen[v]; k++) slots.push(views.listPool[views.listStart[v] + k]);
    }
    const mean = new Float64Array(dim);
    for (const slot of slots) {
      const at = vectors.at(views.slots[views.slotItem[slot]], 2);
      const data = vectors.array(2);
      let sum = 0;
      for (let i = 0; i < dim; i++) sum += data[at + i] * data[at + i];
      const scale = 1 / Math.sqrt(sum);
      for (let i = 0; i < dim; i++) mean[i] += data[at + i] * scale;
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += mean[i] * mean[i];
    if (!(norm > 0)) return;
    norm = Math.sqrt(norm);
    for (let i = 0; i < dim; i++) this.unit[i] = mean[i] / norm;
    quantizeUnit(this.unit, shape.dp, views.i8, offsets.centreCodes + c * shape.dp, views.f32, (offsets.centreMeta >> 2) + c * META_FLOATS);
    const items = slots.map((slot) => views.slotItem[slot]);
    this.measure(offsets.slotCodes, offsets.slotMeta, slots, items, c);
    for (let v = c * SHELLS; v < (c + 1) * SHELLS; v++) views.listLen[v] = 0;
    this.resetRanges(c);
    for (let k = 0; k < slots.length; k++) this.list(c, slots[k], items[k]);
  }

  /** The cosine intervals of vectors (codes at `codes`, rows `rows`) to centre `c`, into ownLo/ownHi of `items`. */
  private measure(codes: number, meta: number, rows: number[], items: number[], c: number): void {
    const { views, offsets, shape, kernel } = this.run;
    const main = offsets.threads[0];
    const room = Math.max(1, Math.min(shape.unitMax * shape.centres, shape.memberChunk));
    const list = new Int32Array(views.buffer, main.candItems, room);
    const hi = new Float32Array(views.buffer, main.denseHi, room);
    const lo = new Float32Array(views.buffer, main.denseLo, room);
    for (let k0 = 0; k0 < rows.length; k0 += room) {
      const count = Math.min(room, rows.length - k0);
      for (let k = 0; k < count; k++) {
        list[k] = rows[k0 + k];
        views.f32.copyWithin((main.rowMeta >> 2) + k * META_FLOATS, (meta >> 2) + list[k] * META_FLOATS, (meta >> 2) + (list[k] + 1) * META_FLOATS);
      }
      kernel.prepare(codes, main.candItems, count, shape.dp, main.rows);
      kernel.dense(main.rows, main.rowMeta, offsets.identity, count, offsets.centreCodes + c * shape.dp, offsets.centreMeta + c * META_BYTES, 1, shape.dp, main.denseHi, main.denseLo);
      for (let k = 0; k < count; k++) {
        views.ownLo[items[k0 + k]] = lo[k];
        views.ownHi[items[k0 + k]] = hi[k];
      }
    }
  }

  private resetRanges(c: number): void {
    const { views } = this.run;
    this.clusterMin[c] = Infinity;
    this.clusterMax[c] = -Infinity;
    this.setClusterThresholds(c, Infinity, -Infinity);
    for (let v = c * SHELLS; v < (c + 1) * SHELLS; v++) {
      this.shellMin[v] = Infinity;
      this.shellMax[v] = -Infinity;
      views.shellA[v] = Infinity;
      views.shellB[v] = -Infinity;
    }
  }

  /** Doubles a slot list's room at the end of the pool (all allocations add up to < 4n + 32·lists). */
  private grow(v: number): void {
    const { views, shape } = this.run;
    const length = views.listLen[v];
    const room = Math.max(16, this.capacity[v] * 2);
    if (this.top + room > shape.poolSize) throw new CuratorError('internal', 'dedup cluster pool exhausted');
    views.listPool.copyWithin(this.top, views.listStart[v], views.listStart[v] + length);
    views.listStart[v] = this.top;
    this.capacity[v] = room;
    this.top += room;
  }
}

/**
 * A kept item farther than this from every centre becomes a centre (76°:
 * items of an unrelated topic sit at 80–90°, items of a topic whose centre
 * is a single member at up to ~70°).
 */
const NEW_CENTRE_ANGLE = (76 * Math.PI) / 180;
/** A cluster's centre is first recomputed from its members when it has this many. */
const FIRST_RECENTRE = 2;

/** The angle interval [θlo, θhi] to the own centre of an item with cosine interval [lo, hi]. */
export function itemAngles(lo: number, hi: number): [number, number] {
  return [Math.acos(Math.min(1, hi + KERNEL_SLACK)), Math.acos(Math.max(-1, lo - KERNEL_SLACK))];
}

/**
 * Cosine thresholds of a member range [θmin, θmax]: a query whose cosine
 * interval to the centre is [lo, hi] may have a duplicate among the members
 * only if hi ≥ A and lo ≤ B.
 */
export function skipThresholds(thetaMin: number, thetaMax: number, angle: number): { A: number; B: number } {
  const far = thetaMax + angle + ANGLE_SLACK;
  const near = thetaMin - angle - ANGLE_SLACK;
  return {
    A: far >= Math.PI ? -Infinity : Math.cos(far) - 1e-9,
    B: near <= 0 ? Infinity : Math.cos(near) + 1e-9,
  };
}
