import { SeededRandom } from './seededRandom';

/**
 * Embeddings shaped like sentence embeddings of a conversation log: every
 * record sits around the centre of its topic (a typical pair in one topic has
 * cosine similarity 0.4–0.7, set per topic), topics share a weak common
 * direction (cross-topic similarity ≈ 0.05–0.1), and near-duplicates are
 * planted at a chosen cosine similarity to an earlier record.
 */
export class TopicEmbeddings {
  readonly centres: Float64Array[] = [];
  /** Typical in-topic pair similarity of each topic. */
  readonly tightness: Float64Array;

  constructor(
    readonly dim: number,
    topics: number,
    private readonly random: SeededRandom,
  ) {
    const common = this.unitGaussian();
    this.tightness = new Float64Array(topics);
    for (let t = 0; t < topics; t++) {
      const own = this.unitGaussian();
      const centre = new Float64Array(dim);
      for (let i = 0; i < dim; i++) centre[i] = Math.sqrt(0.1) * common[i] + Math.sqrt(0.9) * own[i];
      this.centres.push(normalize(centre));
      this.tightness[t] = random.uniform(0.4, 0.7);
    }
  }

  /** A fresh record of topic `t`: cos² to the centre ≈ the topic's tightness, jittered per record. */
  record(t: number): Float32Array {
    const tau = Math.min(0.85, Math.max(0.3, this.tightness[t] + 0.03 * this.random.gaussian()));
    const noise = this.unitGaussian();
    const centre = this.centres[t];
    const out = new Float64Array(this.dim);
    const a = Math.sqrt(tau);
    const b = Math.sqrt(1 - tau);
    for (let i = 0; i < this.dim; i++) out[i] = a * centre[i] + b * noise[i];
    return toFloat32(normalize(out));
  }

  /** A vector at cosine similarity `similarity` to `of` (1 → an identical copy). */
  nearDuplicate(of: Float32Array, similarity: number): Float32Array {
    if (similarity >= 1) return Float32Array.from(of);
    const base = normalize(Float64Array.from(of));
    const noise = this.unitGaussian();
    let dot = 0;
    for (let i = 0; i < this.dim; i++) dot += noise[i] * base[i];
    for (let i = 0; i < this.dim; i++) noise[i] -= dot * base[i];
    normalize(noise);
    const side = Math.sqrt(1 - similarity * similarity);
    const out = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = similarity * base[i] + side * noise[i];
    return toFloat32(normalize(out));
  }

  private unitGaussian(): Float64Array {
    const v = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) v[i] = this.random.gaussian();
    return normalize(v);
  }
}

function normalize(v: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= scale;
  return v;
}

function toFloat32(v: Float64Array): Float32Array {
  return Float32Array.from(v);
}
