import { DedupRun } from './dedupRun';
import { JobRequest } from './jobRequest';
import { CONTROL } from './runLayout';
import { JOB } from './runUnits';
import { META_BYTES, META_FLOATS, quantizeNormal, quantizeUnit, VectorKind } from './vectorQuantization';

const ITERATIONS = 2;

/**
 * Cluster centres for the search: spherical k-means on a seeded sample of the
 * normal items, seeded by k-means++ (each next centre drawn with probability
 * ∝ (1 − best cosine)², so small topics get centres of their own), then a
 * few Lloyd iterations. Any centres keep the search exact; good ones let it
 * skip more. Writes the quantized centres into the run and returns how many
 * there are.
 */
export function* chooseCentres(run: DedupRun, normals: number): Generator<JobRequest, number, void> {
  const { views, shape, offsets, vectors } = run.ctx;
  const { dim, dp } = shape;
  const K = Math.max(1, Math.min(Math.ceil(shape.centres / 2), Math.round(3 * Math.sqrt(normals)), normals));
  const sampleSize = Math.min(shape.sampleMax, normals);
  const sample = sampleNormals(run, normals, sampleSize);
  const unit = new Float64Array(dim);
  const unitOf = (item: number) => {
    const at = vectors.at(views.slots[item], 2);
    const data = vectors.array(2);
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += data[at + i] * data[at + i];
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < dim; i++) unit[i] = data[at + i] * scale;
    return unit;
  };
  const writeCentre = (c: number, vector: Float64Array) =>
    quantizeUnit(vector, dp, views.i8, offsets.centreCodes + c * dp, views.f32, (offsets.centreMeta >> 2) + c * META_FLOATS);
  views.sample.set(sample);
  for (let s = 0; s < sampleSize; s++) {
    const item = sample[s];
    quantizeNormal(vectors.array(2), vectors.at(views.slots[item], 2), dim, dp, views.i8, offsets.sampleCodes + s * dp, views.f32, (offsets.sampleMeta >> 2) + s * META_FLOATS);
  }
  run.ctx.kernel.prepare(offsets.sampleCodes, offsets.identity, sampleSize, dp, offsets.sampleRows);
  seedCentres(run, sampleSize, K, (c, s) => writeCentre(c, unitOf(sample[s])));
  if (K === 1) return K;
  views.control[CONTROL.centres] = K;
  views.control[CONTROL.sampleSize] = sampleSize;
  views.control[CONTROL.unitSize] = shape.unitMax;
  const sums = new Float64Array(K * dim);
  const counts = new Int32Array(K);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    yield { job: JOB.assign, units: Math.ceil(sampleSize / shape.unitMax) };
    sums.fill(0);
    counts.fill(0);
    for (let s = 0; s < sampleSize; s++) {
      const c = views.sampleBest[s];
      const vector = unitOf(sample[s]);
      for (let i = 0; i < dim; i++) sums[c * dim + i] += vector[i];
      counts[c]++;
    }
    for (let c = 0; c < K; c++) {
      if (counts[c] === 0) continue;
      const centre = sums.subarray(c * dim, (c + 1) * dim);
      let norm = 0;
      for (let i = 0; i < dim; i++) norm += centre[i] * centre[i];
      if (!(norm > 0)) continue;
      norm = Math.sqrt(norm);
      for (let i = 0; i < dim; i++) centre[i] /= norm;
      writeCentre(c, centre);
    }
  }
  return K;
}

/** k-means++ seeding on the quantized sample (blockHi/blockLo serve as scratch). */
function seedCentres(run: DedupRun, sampleSize: number, K: number, setCentre: (c: number, sampleIndex: number) => void): void {
  const { views, offsets, shape, kernel } = run.ctx;
  const random = seededRandom(0x9e3779b9);
  const best = new Float64Array(sampleSize).fill(-Infinity);
  const weights = new Float64Array(sampleSize);
  const hi = views.blockHi;
  const lo = views.blockLo;
  setCentre(0, Math.floor(random() * sampleSize));
  for (let c = 1; c < K; c++) {
    kernel.dense(
      offsets.sampleRows, offsets.sampleMeta, offsets.identity, sampleSize,
      offsets.centreCodes + (c - 1) * shape.dp, offsets.centreMeta + (c - 1) * META_BYTES, 1, shape.dp,
      offsets.blockHi, offsets.blockLo,
    );
    let total = 0;
    for (let s = 0; s < sampleSize; s++) {
      const similarity = (hi[s] + lo[s]) / 2;
      if (similarity > best[s]) best[s] = similarity;
      const distance = Math.max(0, 1 - best[s]);
      weights[s] = distance * distance;
      total += weights[s];
    }
    let pick = Math.floor(random() * sampleSize);
    if (total > 0) {
      let target = random() * total;
      for (let s = 0; s < sampleSize; s++) {
        target -= weights[s];
        if (target <= 0) {
          pick = s;
          break;
        }
      }
    }
    setCentre(c, pick);
  }
}

function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` distinct normal items chosen by a seeded shuffle (deterministic for a given input). */
function sampleNormals(run: DedupRun, normals: number, size: number): Int32Array {
  const { views } = run.ctx;
  const items = new Int32Array(normals);
  let k = 0;
  for (let i = 0; i < run.n; i++) if (views.flags[i] === VectorKind.Normal) items[k++] = i;
  const random = seededRandom(0x2545f491);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (normals - i));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items.slice(0, size);
}
