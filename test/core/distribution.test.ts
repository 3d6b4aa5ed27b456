import { strict as assert } from 'node:assert';
import { distributionOf } from '../../src/core/export/distribution';

/** The summary as defined: sort, sum in sorted order, nearest ranks. */
function bySorting(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let sum = 0;
  for (const value of sorted) sum += value;
  const at = (p: number) => sorted[Math.min(Math.round(p * (count - 1)), count - 1)];
  return { count, min: sorted[0], median: at(0.5), p95: at(0.95), max: sorted[count - 1], mean: sum / count };
}

describe('distributionOf', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  it('summarizes counts (small integers, counted without sorting) exactly as sorting does', () => {
    for (const [n, range] of [[1, 5], [2, 3], [7, 100], [1000, 40], [5000, 30000], [300, 1]] as const) {
      const values = Array.from({ length: n }, () => Math.floor(random() * range));
      assert.deepEqual(distributionOf(values), bySorting(values), `n ${n}, range ${range}`);
      assert.deepEqual(distributionOf(Float64Array.from(values)), bySorting(values));
    }
  });
  it('keeps -0, fractions, negatives and large values as sorting gives them', () => {
    for (const values of [[-0, 0, 3], [0, -0], [0.5, 2, 1], [-3, 4, 2], [1e12, 2, 5], [3, 3, 3]]) {
      const got = distributionOf(values)!;
      const want = bySorting(values);
      assert.deepEqual(got, want);
      assert.ok(Object.is(got.min, want.min), `min of ${values}`);
    }
  });
});
