import { strict as assert } from 'node:assert';
import { DistributionBuilder, distributionOf } from '../../src/core/export/distribution';

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

  it('a builder fed one value at a time summarises exactly as the values would be', () => {
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cases: number[][] = [
      [],
      [0],
      Array.from({ length: 5000 }, () => Math.floor(next() * 300)),
      // Counted first, then a fraction, a negative, -0 and a huge value each turn it into values.
      [...Array.from({ length: 300 }, () => Math.floor(next() * 50)), 0.25, 7, 3],
      [5, 4, -1, 9, 9],
      [3, -0, 0, 2],
      [1, 2, 2 ** 21, 3],
      Array.from({ length: 2000 }, () => Math.round(next() * 1e6) / 1e3),
      [Number.MAX_SAFE_INTEGER - 1, 5, 1],
    ];
    for (const values of cases) {
      const builder = new DistributionBuilder();
      for (const value of values) builder.add(value);
      assert.deepEqual(builder.build(), distributionOf(values), JSON.stringify(values.slice(0, 8)));
    }
  });
});
