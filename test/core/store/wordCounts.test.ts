import { strict as assert } from 'node:assert';
import { WordCounts } from '../../../src/core/store/wordCounts';

describe('word counts', () => {
  it('reads back every count set, from 0 past 16 bits, and nothing for rows not counted', () => {
    const counts = new WordCounts(6);
    const values = [0, 1, 65533, 65534, 65535, 1_000_000];
    values.forEach((count, row) => counts.set(row, count));
    assert.deepEqual(values.map((_, row) => counts.get(row)), values);
    const fresh = new WordCounts(2);
    assert.equal(fresh.get(0), undefined);
    fresh.set(1, 70000);
    fresh.set(1, 3);
    assert.equal(fresh.get(1), 3, 'a later count replaces a large one');
  });
});
