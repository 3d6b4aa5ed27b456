import { preparedRowBytes } from '../kernel/similarityKernel';
import { META_BYTES } from './vectorQuantization';

/**
 * Where everything of one dedup run lives in its shared memory: the
 * quantized vectors the kernel reads, the per-item and per-cluster state the
 * workers and the main thread share, and each thread's scratch. One flat
 * layout, so a worker rebuilds the same views from a few numbers.
 */
export interface RunShape {
  /** Items (input positions). */
  n: number;
  dim: number;
  /** Codes per vector (dim padded to 16). */
  dp: number;
  /** Most cluster centres. */
  centres: number;
  /** Most normal items per block. */
  blockMax: number;
  /** Most queries per work unit. */
  unitMax: number;
  /** Most k-means sample items. */
  sampleMax: number;
  /** Threads with scratch: workers + the main thread. */
  threads: number;
  /** Members per kernel call. */
  memberChunk: number;
  /** i32 capacity of the pool of per-cluster slot lists. */
  poolSize: number;
  /** Graph mode: edge capacity per thread (0 in dedup mode). */
  edgeCap: number;
}

/** Control words (Int32 indices into `control`). */
export const CONTROL = {
  /** Bumped by the main thread to start a job. */
  generation: 0,
  job: 1,
  units: 2,
  nextUnit: 3,
  unitsDone: 4,
  /** Set to the generation when the job's last unit is done (workers notify on it). */
  doneGeneration: 5,
  cancel: 6,
  error: 7,
  stop: 8,
  /** Items done in the current job, for progress. */
  progress: 9,
  blockSize: 10,
  unitSize: 11,
  centres: 12,
  sampleSize: 13,
  /** Graph mode: 1 while every earlier item (not only kept ones) is a member. */
  graph: 14,
  /** Graph mode: a thread's edge buffer overflowed. */
  edgeOverflow: 15,
  /** First of `threads` words: edges written per thread. */
  edgeCount: 16,
} as const;

export const CONTROL_WORDS = 64;
export const ERROR_TEXT_BYTES = 2048;

/** Byte offsets of every region. */
export interface RunOffsets {
  flags: number;
  seedNorm: number;
  slots: number;
  cluster: number;
  ownLo: number;
  ownHi: number;
  /** 0, 1, 2, ...: a member or query list that is a plain range. */
  identity: number;
  blockCodes: number;
  /** The block's queries as prepared (i16) rows, by block position. */
  blockRows: number;
  blockMeta: number;
  blockQueries: number;
  evidence: number;
  blockHi: number;
  blockLo: number;
  sampleCodes: number;
  sampleRows: number;
  sampleMeta: number;
  sample: number;
  sampleBest: number;
  centreCodes: number;
  centreMeta: number;
  /** Skip thresholds of each cluster (all shells) and of each shell (index c·SHELLS + s). */
  clusterA: number;
  clusterB: number;
  shellA: number;
  shellB: number;
  /** clusterA/clusterB rounded outwards to f32 (and widened by the kernel slack), padded with A = +∞, for the kernel's `eligible`. */
  clusterA32: number;
  clusterB32: number;
  /** Codes, metadata and item of each member slot, allocated in per-cluster chunks. */
  slotCodes: number;
  slotMeta: number;
  slotItem: number;
  /** Per shell (c·SHELLS + s): its member slots, a run of `listPool` (grown by doubling). */
  listStart: number;
  listLen: number;
  listPool: number;
  control: number;
  errorText: number;
  threads: ThreadOffsets[];
  total: number;
}

export interface ThreadOffsets {
  /** Prepared rows and their metadata, for vectors measured outside a block (up to memberChunk). */
  rows: number;
  rowMeta: number;
  out: number;
  outCap: number;
  state: number;
  qList: number;
  denseHi: number;
  denseLo: number;
  candCount: number;
  candStart: number;
  candItems: number;
  /** Output of the kernel's `eligible`: centres a query may have duplicates under. */
  eligible: number;
  edges: number;
  edgeDistance: number;
}

/** Member slots a run may need: every normal item plus a partly filled chunk per cluster. */
export function slotCapacity(shape: RunShape): number {
  return shape.n + SLOT_CHUNK * shape.centres + SLOT_CHUNK;
}

/** Member slots are handed to clusters this many at a time, so a cluster's codes sit together. */
export const SLOT_CHUNK = 64;

/**
 * Each cluster's members are split into shells by their angle to the centre
 * (upper edges in degrees; the last shell is open), each with its own angle
 * range: a few far members (items whose topic has no centre of its own) then
 * no longer make the whole cluster unskippable.
 */
const SHELL_EDGES_DEGREES = [25, 35, 45, 55, 65, 75];
export const SHELLS = SHELL_EDGES_DEGREES.length + 1;
const SHELL_EDGES = SHELL_EDGES_DEGREES.map((degrees) => (degrees * Math.PI) / 180);

/** The shell of a member whose angle to its centre is at most `theta` radians. */
export function shellOf(theta: number): number {
  let shell = 0;
  while (shell < SHELL_EDGES.length && theta > SHELL_EDGES[shell]) shell++;
  return shell;
}

export function layoutRun(shape: RunShape): RunOffsets {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(Math.max(bytes, 16) / 64) * 64;
    return start;
  };
  const { n, dp, centres: K, blockMax, unitMax, sampleMax } = shape;
  const slots = slotCapacity(shape);
  const offsets: Omit<RunOffsets, 'threads' | 'total'> = {
    flags: take(n),
    seedNorm: take(n * 4),
    slots: take(n * 4),
    cluster: take(n * 4),
    ownLo: take(n * 4),
    ownHi: take(n * 4),
    identity: take(Math.max(slots, blockMax, sampleMax, shape.memberChunk) * 4),
    blockCodes: take(blockMax * dp),
    blockRows: take(blockMax * preparedRowBytes(dp)),
    blockMeta: take(blockMax * META_BYTES),
    blockQueries: take(blockMax * 4),
    evidence: take(blockMax * 4),
    blockHi: take(blockMax * K * 4),
    blockLo: take(blockMax * K * 4 + 64),
    sampleCodes: take(sampleMax * dp),
    sampleRows: take(sampleMax * preparedRowBytes(dp)),
    sampleMeta: take(sampleMax * META_BYTES),
    sample: take(sampleMax * 4),
    sampleBest: take(sampleMax * 4),
    centreCodes: take(K * dp),
    centreMeta: take(K * META_BYTES),
    clusterA: take(K * 8),
    clusterB: take(K * 8),
    shellA: take(K * SHELLS * 8),
    shellB: take(K * SHELLS * 8),
    clusterA32: take((K + 4) * 4),
    clusterB32: take((K + 4) * 4),
    slotCodes: take(slots * dp),
    slotMeta: take(slots * META_BYTES),
    slotItem: take(slots * 4),
    listStart: take(K * SHELLS * 4),
    listLen: take(K * SHELLS * 4),
    listPool: take(shape.poolSize * 4),
    control: take(CONTROL_WORDS * 4),
    errorText: take(ERROR_TEXT_BYTES),
  };
  const threads: ThreadOffsets[] = [];
  const outCap = Math.max(8 * Math.max(shape.memberChunk, blockMax) + 16, 2 * unitMax * shape.memberChunk + 16);
  for (let t = 0; t < shape.threads; t++) {
    threads.push({
      rows: take(shape.memberChunk * preparedRowBytes(dp)),
      rowMeta: take(shape.memberChunk * META_BYTES),
      out: take(outCap * 4),
      outCap,
      state: take(16),
      qList: take(Math.max(unitMax, shape.memberChunk) * 4),
      denseHi: take(unitMax * K * 4),
      denseLo: take(unitMax * K * 4),
      candCount: take(K * SHELLS * 4),
      candStart: take((K * SHELLS + 1) * 4),
      candItems: take(Math.max(unitMax * K * SHELLS, blockMax, shape.memberChunk) * 4),
      eligible: take((K + 4) * 4),
      edges: take(shape.edgeCap * 8),
      edgeDistance: take(shape.edgeCap * 4),
    });
  }
  return { ...offsets, threads, total: at };
}

/** Typed views of a run's memory (the same in every thread). */
export interface RunViews {
  buffer: ArrayBufferLike;
  i8: Int8Array;
  u8: Uint8Array;
  i32: Int32Array;
  f32: Float32Array;
  control: Int32Array;
  flags: Uint8Array;
  seedNorm: Float32Array;
  slots: Int32Array;
  cluster: Int32Array;
  ownLo: Float32Array;
  ownHi: Float32Array;
  blockQueries: Int32Array;
  evidence: Int32Array;
  blockHi: Float32Array;
  blockLo: Float32Array;
  sample: Int32Array;
  sampleBest: Int32Array;
  clusterA: Float64Array;
  clusterB: Float64Array;
  shellA: Float64Array;
  shellB: Float64Array;
  clusterA32: Float32Array;
  clusterB32: Float32Array;
  slotItem: Int32Array;
  listStart: Int32Array;
  listLen: Int32Array;
  listPool: Int32Array;
}

export function viewsOf(buffer: ArrayBufferLike, shape: RunShape, offsets: RunOffsets): RunViews {
  const { n, centres: K } = shape;
  return {
    buffer,
    i8: new Int8Array(buffer),
    u8: new Uint8Array(buffer),
    i32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    control: new Int32Array(buffer, offsets.control, CONTROL_WORDS),
    flags: new Uint8Array(buffer, offsets.flags, n),
    seedNorm: new Float32Array(buffer, offsets.seedNorm, n),
    slots: new Int32Array(buffer, offsets.slots, n),
    cluster: new Int32Array(buffer, offsets.cluster, n),
    ownLo: new Float32Array(buffer, offsets.ownLo, n),
    ownHi: new Float32Array(buffer, offsets.ownHi, n),
    blockQueries: new Int32Array(buffer, offsets.blockQueries, shape.blockMax),
    evidence: new Int32Array(buffer, offsets.evidence, shape.blockMax),
    blockHi: new Float32Array(buffer, offsets.blockHi, shape.blockMax * K),
    blockLo: new Float32Array(buffer, offsets.blockLo, shape.blockMax * K),
    sample: new Int32Array(buffer, offsets.sample, shape.sampleMax),
    sampleBest: new Int32Array(buffer, offsets.sampleBest, shape.sampleMax),
    clusterA: new Float64Array(buffer, offsets.clusterA, K),
    clusterB: new Float64Array(buffer, offsets.clusterB, K),
    shellA: new Float64Array(buffer, offsets.shellA, K * SHELLS),
    shellB: new Float64Array(buffer, offsets.shellB, K * SHELLS),
    clusterA32: new Float32Array(buffer, offsets.clusterA32, K + 4),
    clusterB32: new Float32Array(buffer, offsets.clusterB32, K + 4),
    slotItem: new Int32Array(buffer, offsets.slotItem, slotCapacity(shape)),
    listStart: new Int32Array(buffer, offsets.listStart, K * SHELLS),
    listLen: new Int32Array(buffer, offsets.listLen, K * SHELLS),
    listPool: new Int32Array(buffer, offsets.listPool, shape.poolSize),
  };
}
