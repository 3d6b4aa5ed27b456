import { DedupResult } from '../../src/core';
import { cosineDistanceAt } from '../../src/core/curate/cosine';
import { dedupMargins } from '../../src/core/curate/exactDedup/dedupMargins';
import { classifyVector, META_BYTES, META_FLOATS, paddedDim, quantizeNormal, VectorKind } from '../../src/core/curate/exactDedup/vectorQuantization';
import { similarityModule, portableKernel, preparedRowBytes, SimilarityKernel, wasmKernel } from '../../src/core/curate/kernel/similarityKernel';

/** What the independent check of a dedup result found. */
export interface DedupVerification {
  /** Removed items whose named kept item is not earlier, not kept, or not within the threshold by the seed formula. */
  badEvidence: number;
  /** Kept items checked against every earlier kept item. */
  keptChecked: number;
  /** Pairs of kept items within the threshold (the seed would have removed the later one). */
  keptPairsWithin: number;
  /** Items with vectors the kernel cannot bound (checked by the seed formula against every kept item). */
  abnormal: number;
  seconds: number;
}

/**
 * An independent exact check of a dedup result, without the dedup's search:
 * (1) every removed item's `duplicateOf` is an earlier kept item within the
 * threshold by the seed's formula (`cosineDistanceAt`); (2) no two kept items
 * are within the threshold: brute force, every kept query against every
 * earlier kept item with the similarity kernel's int8 bounds (no clustering,
 * no pruning), every pair the bounds cannot exclude decided by the seed
 * formula. `sampleQueries` limits (2) to that many kept queries spread over
 * the input (all when omitted).
 */
export function verifyDedup(
  data: Float32Array,
  dim: number,
  slots: Int32Array,
  threshold: number,
  result: DedupResult,
  sampleQueries?: number,
): DedupVerification {
  const started = performance.now();
  const n = slots.length;
  const t32 = Math.fround(threshold);
  let badEvidence = 0;
  for (let i = 0; i < n; i++) {
    if (result.kept[i]) continue;
    const of = result.duplicateOf[i];
    const ok =
      of >= 0 && of < i && result.kept[of] === 1 && slots[i] >= 0 && slots[of] >= 0 &&
      cosineDistanceAt(data, slots[i] * dim, data, slots[of] * dim, dim) <= t32 &&
      Object.is(cosineDistanceAt(data, slots[i] * dim, data, slots[of] * dim, dim), Math.fround(result.distance[i]));
    if (!ok) badEvidence++;
  }
  const kept: number[] = [];
  const abnormal: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!result.kept[i] || slots[i] < 0) continue;
    const kind = classifyVector(data, slots[i] * dim, dim).kind;
    if (kind === VectorKind.Normal) kept.push(i);
    else if (kind === VectorKind.Abnormal) abnormal.push(i);
  }
  const dp = paddedDim(dim);
  const m = kept.length;
  const chunk = 2048;
  const bytes = m * dp + m * META_BYTES + m * 4 + GROUP * (preparedRowBytes(dp) + META_BYTES + 8) + 4 * (2 * GROUP * chunk + 64) + 4096;
  const pages = Math.ceil(bytes / 65536) + 1;
  const module = similarityModule();
  let kernel: SimilarityKernel;
  let buffer: ArrayBufferLike;
  if (module) {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    kernel = wasmKernel(module, memory);
    buffer = memory.buffer;
  } else {
    buffer = new SharedArrayBuffer(pages * 65536);
    kernel = portableKernel(buffer);
  }
  const i8 = new Int8Array(buffer);
  const f32 = new Float32Array(buffer);
  const i32 = new Int32Array(buffer);
  const codes = 0;
  const meta = align(codes + m * dp);
  const list = align(meta + m * META_BYTES);
  const rows = align(list + m * 4);
  const rowMeta = align(rows + GROUP * preparedRowBytes(dp));
  const identity = align(rowMeta + GROUP * META_BYTES);
  const state = align(identity + GROUP * 4);
  const qList = align(state + 16);
  const out = align(qList + GROUP * 4);
  const cap = 2 * GROUP * chunk + 16;
  for (let k = 0; k < m; k++) {
    quantizeNormal(data, slots[kept[k]] * dim, dim, dp, i8, codes + k * dp, f32, (meta >> 2) + k * META_FLOATS);
    i32[(list >> 2) + k] = k;
  }
  const margins = dedupMargins(threshold, dim);
  // Queries in groups of up to GROUP (the kernel works four at a time), each group against every kept
  // item before its last query; pairs with an item not earlier than the query are ignored.
  const step = sampleQueries && sampleQueries < m ? m / sampleQueries : 1;
  const queries: number[] = [];
  for (let q = 0; q < m; q = step === 1 ? q + 1 : Math.floor(q + step)) queries.push(q);
  let keptChecked = 0;
  let keptPairsWithin = 0;
  for (let g0 = 0; g0 < queries.length; g0 += GROUP) {
    const group = queries.slice(g0, g0 + GROUP);
    group.forEach((q, k) => {
      i32[(qList >> 2) + k] = q;
      i32[(identity >> 2) + k] = k;
      f32.copyWithin((rowMeta >> 2) + k * META_FLOATS, (meta >> 2) + q * META_FLOATS, (meta >> 2) + (q + 1) * META_FLOATS);
    });
    kernel.prepare(codes, qList, group.length, dp, rows);
    keptChecked += group.length;
    const last = group[group.length - 1];
    for (let m0 = 0; m0 < last; m0 += chunk) {
      const nm = Math.min(chunk, last - m0);
      let start = 0;
      while (start < group.length) {
        const written = kernel.scan(rows, rowMeta, identity, group.length, codes, meta, list + m0 * 4, nm, dp, margins.kernelCut, out, cap, start, state);
        for (let w = 0; w < written; w += 2) {
          const q = group[i32[(out >> 2) + w]];
          const other = m0 + i32[(out >> 2) + w + 1];
          if (other >= q) continue;
          if (cosineDistanceAt(data, slots[kept[q]] * dim, data, slots[kept[other]] * dim, dim) <= t32) keptPairsWithin++;
        }
        start = i32[state >> 2];
      }
    }
  }
  // Vectors the kernel cannot bound: the seed formula against every kept item.
  for (const a of abnormal) {
    for (let i = 0; i < n; i++) {
      if (i === a || !result.kept[i] || slots[i] < 0) continue;
      const [first, second] = i < a ? [a, i] : [i, a];
      if (cosineDistanceAt(data, slots[first] * dim, data, slots[second] * dim, dim) <= t32) keptPairsWithin++;
    }
  }
  return { badEvidence, keptChecked, keptPairsWithin, abnormal: abnormal.length, seconds: (performance.now() - started) / 1000 };
}

/** Queries per kernel call of the check. */
const GROUP = 64;

function align(at: number): number {
  return Math.ceil(at / 64) * 64;
}
