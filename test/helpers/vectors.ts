/** Seeded vectors for dedup tests: clustered like sentence embeddings, with planted near-duplicates. */

import { prng } from '../../src/core/demo/demoRecords';

/** mulberry32, the demo store's PRNG. */
export const seeded = prng;

export interface VectorSet {
  data: Float32Array;
  dim: number;
  /** Slot of each item (−1: no vector). */
  slots: Int32Array;
  /** The item's vector, or null, as the reference takes them. */
  vectors: (Float32Array | null)[];
}

export interface ClusteredOptions {
  n: number;
  dim: number;
  seed: number;
  topics?: number;
  /** Fraction of items that copy an earlier item with a little noise. */
  duplicates?: number;
  /** Noise scale of a near-duplicate, relative to the vector. */
  noise?: number;
  /** Fraction of items without a vector. */
  missing?: number;
}

/** Items around topic centres (in-topic cosine ≈ 0.4–0.7), some near-duplicates of earlier items, some missing. */
export function clusteredVectors(options: ClusteredOptions): VectorSet {
  const { n, dim } = options;
  const random = seeded(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const topics = Array.from({ length: options.topics ?? 6 }, () => Float64Array.from({ length: dim }, gaussian));
  const data = new Float32Array(n * dim);
  const slots = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (random() < (options.missing ?? 0)) {
      slots[i] = -1;
      continue;
    }
    const at = next * dim;
    slots[i] = next++;
    if (next > 1 && random() < (options.duplicates ?? 0.2)) {
      const from = Math.floor(random() * (next - 1)) * dim;
      const scale = (options.noise ?? 0.04) * random();
      for (let k = 0; k < dim; k++) data[at + k] = data[from + k] * (1 + scale * gaussian()) + scale * 0.1 * gaussian();
      continue;
    }
    const topic = topics[Math.floor(random() * topics.length)];
    const spread = 0.8 + 0.6 * random();
    for (let k = 0; k < dim; k++) data[at + k] = topic[k] + spread * gaussian();
  }
  return withVectors(data.slice(0, Math.max(1, next) * dim), dim, slots);
}

/** A VectorSet over `data` and `slots`. */
export function withVectors(data: Float32Array, dim: number, slots: Int32Array): VectorSet {
  const vectors = Array.from(slots, (slot) => (slot < 0 ? null : data.subarray(slot * dim, (slot + 1) * dim)));
  return { data, dim, slots, vectors };
}

/** The largest f32 below `x` (x a positive f32). */
export function previousFloat32(x: number): number {
  const bits = new Float32Array([x]);
  const view = new Int32Array(bits.buffer);
  view[0] -= 1;
  return bits[0];
}
