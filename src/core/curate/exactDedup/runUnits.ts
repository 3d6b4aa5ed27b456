import { distanceFromParts, seedDot } from '../cosine';
import { preparedRowBytes, SimilarityKernel } from '../kernel/similarityKernel';
import { DedupMargins, KERNEL_SLACK } from './dedupMargins';
import { CONTROL, RunOffsets, RunShape, RunViews, SHELLS } from './runLayout';
import { classifyVector, META_FLOATS, quantizeNormal, VectorKind } from './vectorQuantization';
import { RANGE_LANE, VectorReader } from './vectorReader';

/**
 * The parallel parts of a dedup run, as units of work any thread can take:
 * the same code runs in the workers and, for small inputs, on the main
 * thread. Units only read state the main thread published before the job
 * and write disjoint slots, so no unit waits for another.
 */
export const JOB = {
  /** Classify, seed-norm and quantize items. */
  prepare: 1,
  /** Nearest centre of k-means sample items. */
  assign: 2,
  /** Block queries: centre intervals, assignment, and the search against kept members. */
  search: 3,
  /** Graph mode: like `search`, but every pair within the threshold becomes an edge. */
  searchGraph: 5,
} as const;
export type Job = (typeof JOB)[keyof typeof JOB];

/** Items per prepare unit. */
export const PREPARE_UNIT = 4096;
/** No evidence yet (larger than any item index). */
export const NO_EVIDENCE = 0x7fffffff;

/** Everything a thread needs to run units of one run. */
export interface RunContext {
  shape: RunShape;
  offsets: RunOffsets;
  views: RunViews;
  kernel: SimilarityKernel;
  /** This thread's reader of the f32 vectors, for the seed's exact formula. */
  vectors: VectorReader;
  margins: DedupMargins;
  /** This thread's scratch index. */
  thread: number;
  /** Thread-local scratch (not shared). */
  pairs?: Int32Array;
}

/** A thread's buffer of at least `size` i32 for (shell, query) pairs, kept between units (grown with its contents). */
function pairBuffer(ctx: RunContext, size: number): Int32Array {
  if (!ctx.pairs || ctx.pairs.length < size) {
    const grown = new Int32Array(Math.max(size, 65536));
    if (ctx.pairs) grown.set(ctx.pairs);
    ctx.pairs = grown;
  }
  return ctx.pairs;
}

/** The seed's cosine distance between items `a` (the query) and `b`. */
export function seedDistanceOf(ctx: RunContext, a: number, b: number): number {
  const { vectors } = ctx;
  const { slots, seedNorm } = ctx.views;
  const at = vectors.at(slots[a], 0);
  const bt = vectors.at(slots[b], 1);
  const dot = seedDot(vectors.array(0), at, vectors.array(1), bt, ctx.shape.dim);
  return distanceFromParts(dot, seedNorm[a], seedNorm[b]);
}

export function cancelled(ctx: RunContext): boolean {
  return Atomics.load(ctx.views.control, CONTROL.cancel) !== 0;
}

export function runUnit(ctx: RunContext, job: Job, unit: number): void {
  switch (job) {
    case JOB.prepare:
      return prepareUnit(ctx, unit);
    case JOB.assign:
      return assignUnit(ctx, unit);
    case JOB.search:
      return searchUnit(ctx, unit, true, false);
    case JOB.searchGraph:
      return searchUnit(ctx, unit, true, true);
  }
}

function prepareUnit(ctx: RunContext, unit: number): void {
  const { n, dim } = ctx.shape;
  const { views, vectors } = ctx;
  const start = unit * PREPARE_UNIT;
  const end = Math.min(n, (unit + 1) * PREPARE_UNIT);
  // Items in slot order (a listing in scan order) are read in one piece.
  const first = views.slots[start];
  let contiguous = first >= 0;
  for (let i = start + 1; i < end && contiguous; i++) contiguous = views.slots[i] === first + (i - start);
  const base = contiguous ? vectors.range(first, end - start) - first * dim : 0;
  for (let i = start; i < end; i++) {
    const slot = views.slots[i];
    views.cluster[i] = -1;
    if (slot < 0) {
      views.flags[i] = VectorKind.None;
      continue;
    }
    const { kind, seedNorm } = contiguous
      ? classifyVector(vectors.array(RANGE_LANE), base + slot * dim, dim)
      : classifyVector(vectors.array(2), vectors.at(slot, 2), dim);
    views.flags[i] = kind;
    views.seedNorm[i] = seedNorm;
  }
  Atomics.add(views.control, CONTROL.progress, end - unit * PREPARE_UNIT);
}

/** The nearest centre (largest cosine) of each sample item of the unit. */
function assignUnit(ctx: RunContext, unit: number): void {
  const { views, offsets, shape } = ctx;
  const K = views.control[CONTROL.centres];
  const U = views.control[CONTROL.unitSize];
  const total = views.control[CONTROL.sampleSize];
  const start = unit * U;
  const nq = Math.min(U, total - start);
  const scratch = offsets.threads[ctx.thread];
  ctx.kernel.dense(
    offsets.sampleRows, offsets.sampleMeta, offsets.identity + start * 4, nq,
    offsets.centreCodes, offsets.centreMeta, K, shape.dp, scratch.denseHi, scratch.denseLo,
  );
  for (let j = 0; j < nq; j++) {
    views.sampleBest[start + j] = ctx.kernel.nearest(scratch.denseHi + j * K * 4, scratch.denseLo + j * K * 4, K);
  }
}

/**
 * Quantizes the unit's block queries (into the block's codes), computes
 * their cosine intervals to every centre (into blockHi/blockLo) and assigns
 * each to its nearest centre.
 */
function assignBlockUnit(ctx: RunContext, unit: number): void {
  const { views, offsets, shape } = ctx;
  const { dim, dp } = shape;
  const K = views.control[CONTROL.centres];
  const U = views.control[CONTROL.unitSize];
  const nb = views.control[CONTROL.blockSize];
  const p0 = unit * U;
  const nq = Math.min(U, nb - p0);
  for (let p = p0; p < p0 + nq; p++) {
    const item = views.blockQueries[p];
    quantizeNormal(ctx.vectors.array(0), ctx.vectors.at(views.slots[item], 0), dim, dp, views.i8, offsets.blockCodes + p * dp, views.f32, (offsets.blockMeta >> 2) + p * META_FLOATS);
  }
  ctx.kernel.prepare(offsets.blockCodes, offsets.identity + p0 * 4, nq, dp, offsets.blockRows + p0 * preparedRowBytes(dp));
  ctx.kernel.dense(
    offsets.blockRows, offsets.blockMeta, offsets.identity + p0 * 4, nq,
    offsets.centreCodes, offsets.centreMeta, K, dp,
    offsets.blockHi + p0 * K * 4, offsets.blockLo + p0 * K * 4,
  );
  const { blockHi, blockLo } = views;
  for (let j = 0; j < nq; j++) {
    const p = p0 + j;
    const row = p * K;
    const best = ctx.kernel.nearest(offsets.blockHi + row * 4, offsets.blockLo + row * 4, K);
    const item = views.blockQueries[p];
    views.cluster[item] = best;
    views.ownLo[item] = blockLo[row + best];
    views.ownHi[item] = blockHi[row + best];
  }
}

/**
 * The unit's block queries against the members of every cluster that might
 * hold a match (the cluster's angle range against the query's interval to the
 * centre; see clusterRanges.ts). Kernel candidates are decided with the seed
 * formula. Dedup mode keeps, per query, the earliest kept member within the
 * threshold (`evidence`); graph mode writes every pair with an earlier member.
 */
function searchUnit(ctx: RunContext, unit: number, assign: boolean, graph: boolean): void {
  const { views, offsets, shape, kernel, margins } = ctx;
  const { control, blockHi, blockLo, blockQueries, listLen, listStart, shellA, shellB, slotItem, i32 } = views;
  const K = control[CONTROL.centres];
  const U = control[CONTROL.unitSize];
  const nb = control[CONTROL.blockSize];
  const p0 = unit * U;
  const nq = Math.min(U, nb - p0);
  const scratch = offsets.threads[ctx.thread];
  if (assign) assignBlockUnit(ctx, unit);

  const shells = SHELLS;
  const lists = K * shells;
  const candCount = new Int32Array(views.buffer, scratch.candCount, lists);
  const candStart = new Int32Array(views.buffer, scratch.candStart, lists + 1);
  const candItems = new Int32Array(views.buffer, scratch.candItems, nq * lists);
  const eligibleBase = scratch.eligible >> 2;
  const slack = KERNEL_SLACK;
  // (shell, query) pairs that may hold a duplicate, then grouped by shell (counting sort).
  let pairs = pairBuffer(ctx, 0);
  let pairCount = 0;
  candCount.fill(0);
  for (let j = 0; j < nq; j++) {
    const row = (p0 + j) * K;
    const eligible = kernel.eligible(offsets.blockHi + row * 4, offsets.blockLo + row * 4, K, offsets.clusterA32, offsets.clusterB32, scratch.eligible);
    for (let e = 0; e < eligible; e++) {
      const c = i32[eligibleBase + e];
      const hi = blockHi[row + c] + slack;
      const lo = blockLo[row + c] - slack;
      for (let v = c * shells; v < (c + 1) * shells; v++) {
        if (listLen[v] > 0 && hi >= shellA[v] && lo <= shellB[v]) {
          if (pairCount + 2 > pairs.length) pairs = pairBuffer(ctx, pairs.length * 2);
          pairs[pairCount++] = v;
          pairs[pairCount++] = j;
          candCount[v]++;
        }
      }
    }
  }
  candStart[0] = 0;
  for (let v = 0; v < lists; v++) candStart[v + 1] = candStart[v] + candCount[v];
  candCount.fill(0);
  for (let k = 0; k < pairCount; k += 2) {
    const v = pairs[k];
    candItems[candStart[v] + candCount[v]++] = pairs[k + 1];
  }
  for (let j = 0; j < nq; j++) views.evidence[p0 + j] = NO_EVIDENCE;

  const qListBase = scratch.qList >> 2;
  const outBase = scratch.out >> 2;
  const t32 = margins.threshold32;
  const chunk = shape.memberChunk;
  let edges = graph ? control[CONTROL.edgeCount + ctx.thread] : 0;
  const edgeItems = graph ? new Int32Array(views.buffer, scratch.edges, shape.edgeCap * 2) : undefined;
  const edgeDistance = graph ? new Float32Array(views.buffer, scratch.edgeDistance, shape.edgeCap) : undefined;
  for (let c = 0; c < lists; c++) {
    const count = candCount[c];
    if (count === 0) continue;
    for (let k = 0; k < count; k++) i32[qListBase + k] = p0 + candItems[candStart[c] + k];
    const members = listLen[c];
    for (let m0 = 0; m0 < members; m0 += chunk) {
      const nm = Math.min(chunk, members - m0);
      const mList = offsets.listPool + (listStart[c] + m0) * 4;
      let start = 0;
      while (start < count) {
        if (cancelled(ctx)) return;
        const written = kernel.scan(
          offsets.blockRows, offsets.blockMeta, scratch.qList, count,
          offsets.slotCodes, offsets.slotMeta, mList, nm,
          shape.dp, margins.kernelCut, scratch.out, scratch.outCap, start, scratch.state,
        );
        for (let w = 0; w < written; w += 2) {
          const local = candItems[candStart[c] + i32[outBase + w]];
          const query = blockQueries[p0 + local];
          const member = slotItem[i32[(mList >> 2) + i32[outBase + w + 1]]];
          if (graph) {
            if (member >= query) continue;
            const distance = seedDistanceOf(ctx, query, member);
            if (!(distance <= t32)) continue;
            if (edges >= shape.edgeCap) {
              Atomics.store(control, CONTROL.edgeOverflow, 1);
              continue;
            }
            edgeItems![edges * 2] = query;
            edgeItems![edges * 2 + 1] = member;
            edgeDistance![edges] = distance;
            edges++;
          } else if (member < views.evidence[p0 + local] && seedDistanceOf(ctx, query, member) <= t32) {
            views.evidence[p0 + local] = member;
          }
        }
        start = i32[scratch.state >> 2];
      }
    }
  }
  if (graph) control[CONTROL.edgeCount + ctx.thread] = edges;
  Atomics.add(control, CONTROL.progress, nq);
}
