import { dedupReference } from '../helpers/dedupReference';
import { strict as assert } from 'node:assert';
import { CuratorError, dedupBackend, dedupEmbeddings, DedupResult } from '../../src/core';
import { cosineDistance } from '../../src/core/curate/cosine';
import { clusteredVectors, previousFloat32, seeded, VectorSet, withVectors } from '../helpers/vectors';

/** The fast dedup keeps what the seed keeps and names, for each removed item, the earliest kept item within the threshold with its seed distance. */
function assertSameAsSeed(set: VectorSet, threshold: number, fast: DedupResult, label = ''): void {
  const reference = dedupReference(set.vectors, threshold);
  assert.deepEqual(Array.from(fast.kept), Array.from(reference.kept), `${label}: kept set`);
  const t = Math.fround(threshold);
  for (let i = 0; i < set.vectors.length; i++) {
    if (fast.kept[i]) {
      assert.equal(fast.duplicateOf[i], -1);
      continue;
    }
    const of = fast.duplicateOf[i];
    assert.ok(of >= 0 && of < i && fast.kept[of] === 1, `${label}: item ${i} names kept item ${of}`);
    const distance = cosineDistance(set.vectors[i]!, set.vectors[of]!);
    assert.ok(distance <= t, `${label}: item ${i} is within the threshold of ${of}`);
    assert.ok(Object.is(fast.distance[i], distance), `${label}: item ${i} reports the seed distance`);
    assert.equal(of, reference.duplicateOf[i], `${label}: item ${i} names the seed's (earliest) kept item`);
  }
}

describe('exact dedup (dedupEmbeddings)', () => {
  it('is backed by the WebAssembly SIMD kernel the build generates', async () => {
    assert.equal(dedupBackend(10).kernel, 'wasm-simd');
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keeps exactly what the seed keeps on clustered embeddings with near-duplicates (seed ${seed})`, async () => {
      const dim = [8, 32, 100, 384][seed % 4];
      const set = clusteredVectors({ n: 600 + 100 * seed, dim, seed, duplicates: 0.25, missing: 0.03 });
      for (const threshold of [0.01, 0.05, 0.2]) {
        assertSameAsSeed(set, threshold, await dedupEmbeddings(set, set.slots, threshold, { blockSize: 64 }), `t=${threshold}`);
      }
    });
  }

  it('decides with several blocks, worker threads, small kernel calls and the portable kernel alike', async () => {
    const set = clusteredVectors({ n: 3000, dim: 48, seed: 11, duplicates: 0.3, topics: 40 });
    for (const options of [{ workers: 2, blockSize: 128 }, { workers: 1, blockSize: 512, memberChunk: 7 }, { portable: true, blockSize: 256 }]) {
      assertSameAsSeed(set, 0.03, await dedupEmbeddings(set, set.slots, 0.03, options), JSON.stringify(options));
    }
  });

  it('treats a pair whose seed distance equals the f32 threshold as a duplicate, and one just above as not', async () => {
    const random = seeded(7);
    const dim = 24;
    const count = 200;
    const data = new Float32Array(count * 2 * dim);
    for (let p = 0; p < count; p++) {
      for (let k = 0; k < dim; k++) {
        const x = random() * 2 - 1;
        data[(2 * p) * dim + k] = x + 50 * p * (k === p % dim ? 1 : 0);
        data[(2 * p + 1) * dim + k] = x * (1 + 0.02 * (random() - 0.5)) + 50 * p * (k === p % dim ? 1 : 0);
      }
    }
    const set = withVectors(data, dim, Int32Array.from({ length: 2 * count }, (_, i) => i));
    const distances = Array.from({ length: count }, (_, p) => cosineDistance(set.vectors[2 * p]!, set.vectors[2 * p + 1]!));
    const positive = distances.filter((d) => d > 0).sort((a, b) => a - b);
    for (const tie of [positive[10], positive[Math.floor(positive.length / 2)], positive[positive.length - 5]]) {
      const exact = await dedupEmbeddings(set, set.slots, tie);
      assertSameAsSeed(set, tie, exact, `tie at ${tie}`);
      const pair = distances.indexOf(tie);
      assert.equal(exact.kept[2 * pair + 1], 0, 'the pair at exactly the threshold is a duplicate');
      const below = previousFloat32(tie);
      const strict = await dedupEmbeddings(set, set.slots, below);
      assertSameAsSeed(set, below, strict, `just below ${tie}`);
      assert.equal(strict.kept[2 * pair + 1], 1, 'the same pair is kept when the threshold is one f32 step lower');
    }
  });

  it('never matches zero vectors, missing vectors or vectors the seed cannot compare (NaN, infinite, underflowing)', async () => {
    const set = clusteredVectors({ n: 500, dim: 16, seed: 21, duplicates: 0.3 });
    const data = Float32Array.from(set.data);
    const odd = [0, 1e-30, Infinity, NaN, 1e25];
    for (let slot = 0; slot < 60; slot++) {
      const value = odd[slot % odd.length];
      for (let k = 0; k < 16; k++) data[slot * 16 + k] = k % 3 === 0 ? value : slot % 2 ? value : 0;
    }
    const slots = Int32Array.from(set.slots);
    for (let i = 0; i < slots.length; i += 13) slots[i] = -1;
    const odds = withVectors(data, 16, slots);
    for (const threshold of [0, 0.05, 1, 2]) assertSameAsSeed(odds, threshold, await dedupEmbeddings(odds, slots, threshold, { blockSize: 32 }), `t=${threshold}`);
  });

  it('removes only identical directions at threshold 0 and nearly everything at threshold 2', async () => {
    const set = clusteredVectors({ n: 800, dim: 32, seed: 5, duplicates: 0.3, noise: 0 });
    assertSameAsSeed(set, 0, await dedupEmbeddings(set, set.slots, 0, { blockSize: 100 }), 't=0');
    const all = await dedupEmbeddings(set, set.slots, 2, { blockSize: 100 });
    assertSameAsSeed(set, 2, all, 't=2');
    assert.ok(all.kept.reduce((a, b) => a + b, 0) < 5, 'threshold 2 keeps almost nothing');
    assertSameAsSeed(set, 1, await dedupEmbeddings(set, set.slots, 1), 't=1');
  });

  it('keeps a duplicate of a removed duplicate when no kept item is within the threshold', async () => {
    const dim = 8;
    const base = [1, 0, 0, 0, 0, 0, 0, 0];
    const rotate = (angle: number) => base.map((x, k) => (k === 0 ? Math.cos(angle) : k === 1 ? Math.sin(angle) : 0));
    // a at 0°, b at 8°, c at 16°: d(a,b) = d(b,c) ≈ 0.0097 and d(a,c) ≈ 0.0387.
    const data = Float32Array.from([...rotate(0), ...rotate(0.14), ...rotate(0.28)]);
    const set = withVectors(data, dim, Int32Array.from([0, 1, 2]));
    const result = await dedupEmbeddings(set, set.slots, 0.02);
    assertSameAsSeed(set, 0.02, result);
    assert.deepEqual(Array.from(result.kept), [1, 0, 1], 'c stays: its near-duplicate b was removed, and a is too far');
  });

  it('matches the seed on mixed dimensions when called once per dimension', async () => {
    const a = clusteredVectors({ n: 400, dim: 12, seed: 31, duplicates: 0.3 });
    const b = clusteredVectors({ n: 400, dim: 20, seed: 32, duplicates: 0.3 });
    // Interleave the two: the seed never matches vectors of different lengths.
    const mixed = Array.from({ length: 800 }, (_, i) => (i % 2 ? b.vectors[i >> 1] : a.vectors[i >> 1]));
    const reference = dedupReference(mixed, 0.05);
    const kept = new Uint8Array(800);
    for (const [set, parity] of [[a, 0], [b, 1]] as const) {
      const slots = Int32Array.from({ length: 800 }, (_, i) => (i % 2 === parity ? set.slots[i >> 1] : -1));
      const result = await dedupEmbeddings(set, slots, 0.05);
      for (let i = 0; i < 800; i++) if (i % 2 === parity) kept[i] = result.kept[i];
    }
    assert.deepEqual(Array.from(kept), Array.from(reference.kept));
  });

  it('stops with a cancellation error when its signal fires during a run, and the next run still works', async () => {
    const set = clusteredVectors({ n: 6000, dim: 64, seed: 41, topics: 3 });
    for (const workers of [0, 2]) {
      const controller = new AbortController();
      await assert.rejects(
        dedupEmbeddings(set, set.slots, 0.05, { workers, blockSize: 256, onProgress: (done) => done > 0 && controller.abort() , signal: controller.signal }),
        (error) => CuratorError.is(error, 'cancelled'),
      );
    }
    const small = clusteredVectors({ n: 500, dim: 16, seed: 42 });
    assertSameAsSeed(small, 0.05, await dedupEmbeddings(small, small.slots, 0.05, { workers: 2 }));
  });

  it('reports progress up to the number of items', async () => {
    const set = clusteredVectors({ n: 1000, dim: 16, seed: 43 });
    const seen: number[] = [];
    await dedupEmbeddings(set, set.slots, 0.05, { blockSize: 100, onProgress: (done, total) => (assert.equal(total, 1000), seen.push(done)) });
    assert.equal(seen[seen.length - 1], 1000);
    assert.ok(seen.every((done, i) => i === 0 || done >= seen[i - 1]), 'progress never goes back');
  });
});
