import { portableKernel, similarityModule, SimilarityKernel, wasmKernel } from '../kernel/similarityKernel';
import { dedupMargins } from './dedupMargins';
import { layoutRun, RunOffsets, RunShape, SHELLS, viewsOf } from './runLayout';
import { RunContext } from './runUnits';
import { paddedDim } from './vectorQuantization';
import { isVectorFile, VectorSource, vectorReader } from './vectorReader';

export type { VectorFile, VectorMatrix, VectorSource } from './vectorReader';

/** How a run is set up. */
export interface RunSettings {
  /** Worker threads that will take units (0: the main thread does everything). */
  workers: number;
  /** Normal items per block (default: by input size). */
  blockSize?: number;
  /** Members per kernel call (default 1024). */
  memberChunk?: number;
  /** Use the JavaScript kernel even when WebAssembly SIMD is available. */
  portable?: boolean;
  /** Graph mode: edge capacity per thread. */
  edgeCap?: number;
}

/** What a worker needs to join a run (structured-cloneable). */
export interface RunDescriptor {
  memory?: WebAssembly.Memory;
  module?: WebAssembly.Module;
  buffer?: SharedArrayBuffer;
  /** The f32 vectors: on shared memory, or a file each thread reads. */
  source: VectorSource;
  shape: RunShape;
  offsets: RunOffsets;
  threshold: number;
}

/** One dedup (or neighbour-graph) run: its shared memory and the main thread's context. */
export interface DedupRun {
  ctx: RunContext;
  descriptor: RunDescriptor;
  n: number;
}

/**
 * Most cluster centres for `n` items (k-means chooses up to 3√n of them, far
 * items become the rest): 5√n, at most 2048, so the centre intervals of each
 * query (K dot products) stay a small share of the search.
 */
export function centreBudget(n: number): number {
  return Math.max(1, Math.min(2048, Math.round(5 * Math.sqrt(n))));
}

/** Sets up the shared memory of a run over `slots` (positions into `matrix`, −1 = no vector). */
export function createRun(matrix: VectorSource, slots: Int32Array, threshold: number, settings: RunSettings): DedupRun {
  const n = slots.length;
  const dim = Math.max(1, matrix.dim);
  const dp = paddedDim(dim);
  const centres = centreBudget(n);
  const blockMax = Math.max(4, settings.blockSize ?? Math.min(2048, Math.max(256, Math.round(n / 64))));
  const unitMax = Math.max(4, Math.min(256, Math.ceil(blockMax / (4 * Math.max(1, settings.workers)) / 4) * 4));
  const shape: RunShape = {
    n,
    dim,
    dp,
    centres,
    blockMax,
    unitMax,
    sampleMax: Math.max(1, Math.min(n, Math.max(8 * centres, 2048))),
    threads: settings.workers + 1,
    memberChunk: settings.memberChunk ?? 1024,
    poolSize: 4 * n + 32 * centres * SHELLS + 64,
    edgeCap: settings.edgeCap ?? 0,
  };
  const offsets = layoutRun(shape);
  const source: VectorSource = isVectorFile(matrix) ? matrix : { data: sharedData(matrix.data), dim: matrix.dim };
  const module = settings.portable ? undefined : similarityModule();
  const pages = Math.ceil(offsets.total / 65536);
  let memory: WebAssembly.Memory | undefined;
  let buffer: SharedArrayBuffer | undefined;
  let kernel: SimilarityKernel;
  if (module && pages <= 65536) {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    kernel = wasmKernel(module, memory);
  } else {
    buffer = new SharedArrayBuffer(offsets.total);
    kernel = portableKernel(buffer);
  }
  const views = viewsOf(memory ? memory.buffer : buffer!, shape, offsets);
  views.slots.set(slots);
  const identity = new Int32Array(views.buffer, offsets.identity, (offsets.blockCodes - offsets.identity) >> 2);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  return {
    ctx: { shape, offsets, views, kernel, vectors: vectorReader(source), margins: dedupMargins(threshold, dim), thread: 0 },
    descriptor: { memory, module: memory ? module : undefined, buffer, source, shape, offsets, threshold },
    n,
  };
}

/** The vectors on shared memory, so worker threads can read them (copied only when they are not). */
function sharedData(data: Float32Array): Float32Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const shared = new Float32Array(new SharedArrayBuffer(Math.max(4, data.byteLength)), 0, data.length);
  shared.set(data);
  return shared;
}

/** The main-thread-equivalent context of a worker joining `descriptor` as thread `thread`. */
export function joinRun(descriptor: RunDescriptor, thread: number): RunContext {
  const { memory, module, buffer, source, shape, offsets, threshold } = descriptor;
  const kernel = memory && module ? wasmKernel(module, memory) : portableKernel(buffer!);
  const views = viewsOf(memory ? memory.buffer : buffer!, shape, offsets);
  return { shape, offsets, views, kernel, vectors: vectorReader(source), margins: dedupMargins(threshold, shape.dim), thread };
}
