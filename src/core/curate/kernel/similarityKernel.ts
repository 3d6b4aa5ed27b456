import { wasmModule } from '../../wasm/wasmModule';

/**
 * The similarity kernels behind the exact dedup, over int8-quantized unit
 * vectors in one shared memory (see similarityKernel.wat for the layout and
 * the arithmetic). Two implementations compute bit-identical results: the
 * WebAssembly SIMD module compiled from the .wat file by the build, and a
 * portable JavaScript twin used where WebAssembly SIMD is unavailable (and by
 * the tests, as a second opinion).
 */
export interface SimilarityKernel {
  readonly name: 'wasm-simd' | 'portable';
  /** Sign-extends the codes of vectors `list[0..n)` (at `codes`, `dp` each) to i16 rows (2·dp bytes each) at `out`. */
  prepare(codes: number, list: number, n: number, dp: number, out: number): void;
  /**
   * Candidate pairs (query i, member k), `i` from queries `start..nq` of
   * `qList` (rows of `qRows`), `k` over `mList[0..nm)`: those whose cosine
   * upper bound reaches `S`. Pairs are written as two i32 at byte offset
   * `out`; stops before a group of four queries that might overflow `cap`
   * i32s, stores the next query index at `state` and returns the number of
   * i32s written.
   */
  scan(
    qRows: number, qMeta: number, qList: number, nq: number,
    mCodes: number, mMeta: number, mList: number, nm: number,
    dp: number, S: number, out: number, cap: number, start: number, state: number,
  ): number;
  /** Cosine intervals of queries `qList[0..nq)` (rows of `qRows`) against centres `0..nc`: f32 at out{Hi,Lo} + 4·(i·nc + c). */
  dense(
    qRows: number, qMeta: number, qList: number, nq: number,
    cCodes: number, cMeta: number, nc: number,
    dp: number, outHi: number, outLo: number,
  ): void;
  /**
   * Indices c < K with hi[c] ≥ A[c] and lo[c] ≤ B[c] (f32 rows at byte offsets;
   * A and B padded to a multiple of 4 with A = +∞), written as i32 at `out`;
   * returns how many.
   */
  eligible(hi: number, lo: number, K: number, A: number, B: number, out: number): number;
  /** The index c < K with the largest hi[c] + lo[c] (f32), first on ties. */
  nearest(hi: number, lo: number, K: number): number;
}

/** Bytes of one prepared (i16) query row. */
export function preparedRowBytes(dp: number): number {
  return dp * 2;
}

/**
 * The compiled WebAssembly similarity kernel, or undefined when this runtime
 * lacks WebAssembly SIMD or shared memory; a missing build throws.
 */
export const similarityModule = wasmModule(
  'similarityKernel.wat',
  () => (require('./generated/similarityKernelWasm') as typeof import('./generated/similarityKernelWasm')).WASM_BASE64,
  { sharedMemory: true },
);

/** The WebAssembly kernel bound to `memory`. */
export function wasmKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): SimilarityKernel {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Omit<SimilarityKernel, 'name'>;
  return { name: 'wasm-simd', prepare: exports.prepare, scan: exports.scan, dense: exports.dense, eligible: exports.eligible, nearest: exports.nearest };
}

/** The JavaScript twin of the WebAssembly kernel, over the same memory layout. */
export function portableKernel(buffer: ArrayBufferLike): SimilarityKernel {
  const i8 = new Int8Array(buffer);
  const i16 = new Int16Array(buffer);
  const i32 = new Int32Array(buffer);
  const f32 = new Float32Array(buffer);
  const fround = Math.fround;
  /** Dot product of a prepared row (byte offset) with codes (byte offset). */
  const dot = (row: number, codes: number, dp: number) => {
    let sum = 0;
    const r = row >> 1;
    for (let i = 0; i < dp; i++) sum += i16[r + i] * i8[codes + i];
    return sum;
  };
  /** Query i's row and metadata, clamped to the last query like the .wat's $row and $queryLane. */
  const query = (qRows: number, qMeta: number, qList: number, nq: number, i: number, dp: number) => {
    const entry = i32[(qList >> 2) + Math.min(i, nq - 1)];
    const at = (qMeta >> 2) + entry * 8;
    return { row: qRows + entry * dp * 2, iS: f32[at], h: f32[at + 1], Lp: f32[at + 3] };
  };
  return {
    name: 'portable',
    prepare(codes, list, n, dp, out) {
      for (let j = 0; j < n; j++) {
        const src = codes + i32[(list >> 2) + j] * dp;
        const dst = (out >> 1) + j * dp;
        // The .wat stores each 16-code chunk as its low 8 then high 8 codes: the same order.
        for (let i = 0; i < dp; i++) i16[dst + i] = i8[src + i];
      }
    },
    scan(qRows, qMeta, qList, nq, mCodes, mMeta, mList, nm, dp, S, out, cap, start, state) {
      const threshold = fround(S);
      let count = 0;
      let g = start;
      for (; g < nq; g += 4) {
        if (count + nm * 8 > cap) break;
        for (let m = 0; m < nm; m++) {
          const item = i32[(mList >> 2) + m];
          const at = (mMeta >> 2) + item * 8;
          const iSk = f32[at];
          const hk = f32[at + 1];
          const Lk = f32[at + 2];
          for (let j = 0; j < 4 && g + j < nq; j++) {
            const q = query(qRows, qMeta, qList, nq, g + j, dp);
            const I = dot(q.row, mCodes + item * dp, dp);
            const approx = fround(fround(I) * fround(q.iS * iSk));
            const bound = fround(fround(q.h * Lk) + fround(hk * q.Lp));
            if (fround(approx + bound) >= threshold) {
              i32[(out >> 2) + count] = g + j;
              i32[(out >> 2) + count + 1] = m;
              count += 2;
            }
          }
        }
      }
      i32[state >> 2] = g;
      return count;
    },
    dense(qRows, qMeta, qList, nq, cCodes, cMeta, nc, dp, outHi, outLo) {
      for (let i = 0; i < nq; i++) {
        const q = query(qRows, qMeta, qList, nq, i, dp);
        for (let c = 0; c < nc; c++) {
          const at = (cMeta >> 2) + c * 8;
          const I = dot(q.row, cCodes + c * dp, dp);
          const approx = fround(fround(I) * fround(q.iS * f32[at]));
          const bound = fround(fround(q.h * f32[at + 2]) + fround(f32[at + 1] * q.Lp));
          f32[(outHi >> 2) + i * nc + c] = fround(approx + bound);
          f32[(outLo >> 2) + i * nc + c] = fround(approx - bound);
        }
      }
    },
    eligible(hi, lo, K, A, B, out) {
      let count = 0;
      for (let c = 0; c < K; c++) {
        if (f32[(hi >> 2) + c] >= f32[(A >> 2) + c] && f32[(lo >> 2) + c] <= f32[(B >> 2) + c]) i32[(out >> 2) + count++] = c;
      }
      return count;
    },
    nearest(hi, lo, K) {
      let best = 0;
      let top = -Infinity;
      for (let c = 0; c < K; c++) {
        const value = fround(f32[(hi >> 2) + c] + f32[(lo >> 2) + c]);
        if (value > top) {
          top = value;
          best = c;
        }
      }
      return best;
    },
  };
}
