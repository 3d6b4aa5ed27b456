/**
 * The error bounds that make the fast dedup decide exactly as the seed does.
 *
 * The seed computes a cosine distance in f32 with sequential accumulation.
 * For "normal" vectors (finite components, seed squared norm in
 * [2^-80, 2^100], so nothing overflows and underflow is negligible) the
 * standard analysis of recursive summation (Higham, Accuracy and Stability of
 * Numerical Algorithms, §3.1) bounds the dot product's error by γ_d Σ|aᵢbᵢ| ≤
 * γ_d ‖a‖‖b‖, the squared norms' by γ_d ‖·‖², with γ_n = n·u/(1 − n·u),
 * u = 2⁻²⁴. Following the square roots, the product, the division and the
 * final `1 − x` through gives
 *
 *   |seed distance − (1 − cos(a, b))| ≤ 2γ_d + 9u  (first order),
 *
 * which {@link seedDistanceError} rounds up to 3γ_d + 16u. So when the true
 * cosine is below `1 − t − E`, the seed distance exceeds `t`: such pairs are
 * provably not duplicates, and every other pair is decided by the seed's own
 * formula. The kernel's cosine intervals (see similarityKernel.wat) are
 * rigorous for real arithmetic; {@link KERNEL_SLACK} covers the f32 rounding
 * of their few final operations (< 10u on values below 2).
 */

const U = 2 ** -24;

/** γ_n of the standard floating-point error analysis, for f32. */
export function gamma(n: number): number {
  return (n * U) / (1 - n * U);
}

/** Bound on |seed distance − (1 − true cosine)| for normal vectors of dimension `dim`. */
export function seedDistanceError(dim: number): number {
  return 3 * gamma(dim) + 16 * U;
}

/** Added to (subtracted from) the kernel's cosine upper (lower) bounds. */
export const KERNEL_SLACK = 1e-5;

/** Radians added to angle bounds, for the rounding of acos and cos in f64. */
export const ANGLE_SLACK = 1e-7;

/** Smallest and largest seed squared norm of a "normal" vector. */
export const NORMAL_MIN_SQUARED = 2 ** -80;
export const NORMAL_MAX_SQUARED = 2 ** 100;

/** The cut-offs of one dedup run. */
export interface DedupMargins {
  /** The threshold as the seed compares it (f32). */
  threshold32: number;
  /** A pair whose true cosine is below this is provably not a duplicate. */
  cosineCut: number;
  /** The kernel proposes pairs whose cosine upper bound reaches this. */
  kernelCut: number;
  /** Largest angle (radians) between a duplicate pair, `acos(cosineCut)`. */
  angle: number;
}

export function dedupMargins(threshold: number, dim: number): DedupMargins {
  const threshold32 = Math.fround(threshold);
  const cosineCut = 1 - threshold32 - seedDistanceError(dim);
  return {
    threshold32,
    cosineCut,
    kernelCut: cosineCut - KERNEL_SLACK,
    angle: Math.acos(Math.min(1, Math.max(-1, cosineCut))),
  };
}
