/**
 * Cosine distance exactly as lance-context computes it: f32 accumulation of
 * dot product and squared norms in index order, `1 - dot / (|a| * |b|)` in f32.
 * `Math.fround` after every operation reproduces f32 arithmetic bit for bit.
 * Returns NaN where the seed returns None (zero vector, length mismatch, empty).
 */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return NaN;
  return cosineDistanceAt(a, 0, b, 0, a.length);
}

/** {@link cosineDistance} on vectors stored at offsets inside larger arrays. */
export function cosineDistanceAt(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number, dim: number): number {
  const fround = Math.fround;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < dim; i++) {
    const x = a[aOffset + i];
    const y = b[bOffset + i];
    dot = fround(dot + fround(x * y));
    na = fround(na + fround(x * x));
    nb = fround(nb + fround(y * y));
  }
  if (na === 0 || nb === 0) return NaN;
  return fround(1 - fround(dot / fround(fround(Math.sqrt(na)) * fround(Math.sqrt(nb)))));
}

/** The f32 norm lance-context divides by: `sqrt(Σ x²)` accumulated in f32. */
export function seedNorm(v: ArrayLike<number>, offset: number, dim: number): number {
  const fround = Math.fround;
  let sum = 0;
  for (let i = 0; i < dim; i++) sum = fround(sum + fround(v[offset + i] * v[offset + i]));
  return fround(Math.sqrt(sum));
}

/** The f32 dot product in index order, as the seed accumulates it. */
export function seedDot(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number, dim: number): number {
  const fround = Math.fround;
  let dot = 0;
  for (let i = 0; i < dim; i++) dot = fround(dot + fround(a[aOffset + i] * b[bOffset + i]));
  return dot;
}

/** Distance from a seed dot product and the two seed norms (identical to {@link cosineDistanceAt}). */
export function distanceFromParts(dot: number, normA: number, normB: number): number {
  if (normA === 0 || normB === 0) return NaN;
  return Math.fround(1 - Math.fround(dot / Math.fround(normA * normB)));
}
