import { dedupReference } from '../helpers/dedupReference';
import { strict as assert } from 'node:assert';

import { NeighbourGraph } from '../../src/core/curate/neighbourGraph';
import { cosineDistance } from '../../src/core/curate/cosine';
import { DedupResult } from '../../src/core/curate/dedupResult';
import { clusteredVectors, seeded } from '../helpers/vectors';

describe('neighbour graph (recount dedup)', () => {
  it('answers every smaller threshold and every subset exactly as the seed', async () => {
    const set = clusteredVectors({ n: 1500, dim: 32, seed: 51, duplicates: 0.3, missing: 0.02 });
    const graph = await NeighbourGraph.build(set, set.slots, 0.1, { blockSize: 200, workers: 2 });
    assert.ok(graph, 'the graph fits');
    const random = seeded(52);
    for (const threshold of [0, 0.01, 0.04, 0.1]) {
      for (const keep of [1, 0.7, 0.3]) {
        const items = Int32Array.from({ length: set.vectors.length }, (_, i) => i).filter(() => random() < keep);
        const reference = dedupReference(Array.from(items, (i) => set.vectors[i]), threshold);
        const result = graph!.dedup(items, threshold);
        assert.deepEqual(Array.from(result.kept), Array.from(reference.kept), `t=${threshold} keep=${keep}`);
        assert.deepEqual(Array.from(result.duplicateOf), Array.from(reference.duplicateOf), `t=${threshold} keep=${keep}: evidence`);
        assert.deepEqual(Array.from(result.distance), Array.from(reference.distance), `t=${threshold} keep=${keep}: distances`);
      }
    }
  });

  it('decides kept ids first: they all stay, and their neighbours, earlier or later, name the first of them', async () => {
    const set = clusteredVectors({ n: 1200, dim: 16, seed: 55, duplicates: 0.4, missing: 0.02 });
    const graph = (await NeighbourGraph.build(set, set.slots, 0.1, { blockSize: 200 }))!;
    const random = seeded(56);
    for (const threshold of [0.02, 0.1]) {
      const items = Int32Array.from({ length: set.vectors.length }, (_, i) => i).filter(() => random() < 0.8);
      const keep = Uint8Array.from(items, () => (random() < 0.1 ? 1 : 0));
      const result = graph.dedup(items, threshold, keep);
      const reference = keepFirstReference(Array.from(items, (i) => set.vectors[i]), threshold, keep);
      assert.ok(reference.kept.some((k, i) => !keep[i] && !k && keep[reference.duplicateOf[i]] && reference.duplicateOf[i] > i), 'some record goes as a duplicate of a later kept id');
      assert.deepEqual(Array.from(result.kept), Array.from(reference.kept), `t=${threshold}`);
      assert.deepEqual(Array.from(result.duplicateOf), Array.from(reference.duplicateOf), `t=${threshold}: evidence`);
      assert.deepEqual(Array.from(result.distance), Array.from(reference.distance), `t=${threshold}: distances`);
    }
  });

  it('refuses thresholds above the one it was built for', async () => {
    const set = clusteredVectors({ n: 200, dim: 8, seed: 53 });
    const graph = (await NeighbourGraph.build(set, set.slots, 0.05))!;
    assert.equal(graph.covers(0.05), true);
    assert.equal(graph.covers(0.06), false);
    assert.throws(() => graph.dedup([0, 1], 0.06), RangeError);
  });

  it('gives up when the pairs exceed its budget', async () => {
    const set = clusteredVectors({ n: 300, dim: 8, seed: 54, topics: 1 });
    assert.equal(await NeighbourGraph.build(set, set.slots, 1.5, { maxEdges: 1000 }), undefined);
  });
});

/** The seed's greedy with the kept items decided first (in order), then the others, each against the kept items in decision order. */
function keepFirstReference(vectors: ReadonlyArray<ArrayLike<number> | null>, threshold: number, keep: Uint8Array): DedupResult {
  const t = Math.fround(threshold);
  const n = vectors.length;
  const result: DedupResult = { kept: new Uint8Array(n), duplicateOf: new Int32Array(n).fill(-1), distance: new Float64Array(n).fill(NaN) };
  const order = [...Array.from({ length: n }, (_, i) => i).filter((i) => keep[i]), ...Array.from({ length: n }, (_, i) => i).filter((i) => !keep[i])];
  const keptItems: number[] = [];
  for (const i of order) {
    const vector = vectors[i];
    const match = keep[i] || !vector ? undefined : keptItems.find((k) => vectors[k] && cosineDistance(vector, vectors[k]!) <= t);
    if (match === undefined) {
      result.kept[i] = 1;
      keptItems.push(i);
    } else {
      result.duplicateOf[i] = match;
      result.distance[i] = cosineDistance(vector!, vectors[match]!);
    }
  }
  return result;
}
