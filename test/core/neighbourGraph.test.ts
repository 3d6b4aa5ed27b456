import { dedupReference } from '../helpers/dedupReference';
import { strict as assert } from 'node:assert';

import { NeighbourGraph } from '../../src/core/curate/neighbourGraph';
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
