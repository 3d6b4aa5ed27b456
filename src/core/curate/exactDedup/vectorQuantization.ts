import { NORMAL_MAX_SQUARED, NORMAL_MIN_SQUARED } from './dedupMargins';

/** How the dedup treats an item's vector. */
export const VectorKind = {
  /** No vector (slot −1): never a duplicate, never matched. */
  None: 0,
  /** Quantized and searched with the kernel. */
  Normal: 1,
  /** Seed squared norm 0: the seed's cosine is None, so it never matches. */
  Zero: 2,
  /** Non-finite components or extreme norms: decided by the seed formula against everything. */
  Abnormal: 3,
} as const;
export type VectorKind = (typeof VectorKind)[keyof typeof VectorKind];

/** f32 metadata per vector: 1/scale, h, L, L + dim·h, R1, R2, R3 and a pad (see similarityKernel.wat). */
export const META_FLOATS = 8;
export const META_BYTES = META_FLOATS * 4;

/**
 * Ends (in codes) of the first three quarters of `dp` codes, where the kernel
 * checks whether a pair can still reach the threshold (the .wat computes the
 * same: ⌈chunks/4⌉, ⌈chunks/2⌉, ⌈3·chunks/4⌉ chunks of 16).
 */
export function segmentEnds(dp: number): [number, number, number] {
  const chunks = dp >> 4;
  return [((chunks + 3) >> 2) << 4, ((chunks + 1) >> 1) << 4, ((3 * chunks + 3) >> 2) << 4];
}

/** Codes per vector: the dimension rounded up to whole 16-byte SIMD chunks. */
export function paddedDim(dim: number): number {
  return Math.max(16, Math.ceil(dim / 16) * 16);
}

/**
 * Classifies the vector at `data[offset..offset+dim)` and returns its seed
 * norm (`sqrt` of the f32 sequential sum of squares, as the seed divides by).
 */
export function classifyVector(data: Float32Array, offset: number, dim: number): { kind: VectorKind; seedNorm: number } {
  const fround = Math.fround;
  let seedSquared = 0;
  let finite = true;
  for (let i = 0; i < dim; i++) {
    const x = data[offset + i];
    seedSquared = fround(seedSquared + fround(x * x));
    if (x - x !== 0) finite = false;
  }
  const seedNorm = fround(Math.sqrt(seedSquared));
  if (seedSquared === 0) return { kind: VectorKind.Zero, seedNorm };
  if (!finite || !(seedSquared >= NORMAL_MIN_SQUARED && seedSquared <= NORMAL_MAX_SQUARED)) {
    return { kind: VectorKind.Abnormal, seedNorm };
  }
  return { kind: VectorKind.Normal, seedNorm };
}

/**
 * Writes the int8 codes (`dp` bytes at `codes[codeAt]`, zero-padded) and the
 * metadata ({@link META_FLOATS} f32 at `meta[metaAt]`) of a normal vector at
 * `data[offset..offset+dim)`, normalized in f64.
 */
export function quantizeNormal(
  data: Float32Array,
  offset: number,
  dim: number,
  dp: number,
  codes: Int8Array,
  codeAt: number,
  meta: Float32Array,
  metaAt: number,
): void {
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < dim; i++) {
    const x = data[offset + i];
    sum += x * x;
    const abs = Math.abs(x);
    if (abs > maxAbs) maxAbs = abs;
  }
  const norm = Math.sqrt(sum);
  writeCodes(codes, codeAt, meta, metaAt, dim, dp, (i) => data[offset + i] / norm, maxAbs / norm);
}

/** Quantizes a unit vector given in f64 (a cluster centre) the same way. */
export function quantizeUnit(unit: Float64Array, dp: number, codes: Int8Array, codeAt: number, meta: Float32Array, metaAt: number): void {
  let maxAbs = 0;
  for (let i = 0; i < unit.length; i++) maxAbs = Math.max(maxAbs, Math.abs(unit[i]));
  writeCodes(codes, codeAt, meta, metaAt, unit.length, dp, (i) => unit[i], maxAbs);
}

/**
 * codes = round(x · s) with s = 127 / max|x|, so |x_i − code_i/s| ≤ h = 0.5/s
 * (plus 1e-15 for the f64 normalization); L = Σ|code_i|/s.
 */
function writeCodes(
  codes: Int8Array,
  codeAt: number,
  meta: Float32Array,
  metaAt: number,
  dim: number,
  dp: number,
  component: (i: number) => number,
  maxAbs: number,
): void {
  const scale = maxAbs > 0 ? 127 / maxAbs : 1;
  let l1 = 0;
  for (let i = 0; i < dim; i++) {
    const code = Math.max(-127, Math.min(127, Math.round(component(i) * scale)));
    codes[codeAt + i] = code;
    l1 += Math.abs(code);
  }
  codes.fill(0, codeAt + dim, codeAt + dp);
  const h = (0.5 / scale) * (1 + 1e-12) + 1e-15;
  const L = l1 / scale;
  meta[metaAt] = 1 / scale;
  meta[metaAt + 1] = h;
  meta[metaAt + 2] = L;
  meta[metaAt + 3] = L + dim * h;
  // Norms of the dequantized codes after each quarter, rounded up (Cauchy–Schwarz bounds of the rest).
  const ends = segmentEnds(dp);
  for (let s = 0; s < 3; s++) {
    let squares = 0;
    for (let i = ends[s]; i < dim; i++) squares += codes[codeAt + i] * codes[codeAt + i];
    meta[metaAt + 4 + s] = (Math.sqrt(squares) / scale) * (1 + 2 ** -20);
  }
  meta[metaAt + 7] = 0;
}
