import { strict as assert } from 'node:assert';
import { compactCodes, SparseCodes } from '../../../src/core/store/rowCodes';
import { CodedStrings } from '../../../src/core/store/codedStrings';

/** A deterministic shuffle of 0..n-1. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 7;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

describe('row codes', () => {
  it('a column mostly of one code keeps only the other rows, and reads every row the same in any order', () => {
    const codes = new Uint8Array(10_000).fill(2);
    for (const row of [0, 17, 18, 4096, 9_999]) codes[row] = row % 5 === 0 ? 0 : 1;
    const compact = compactCodes(codes);
    assert.ok(compact instanceof SparseCodes);
    assert.equal(compact.common, 2);
    const orders = [Array.from(codes.keys()), Array.from(codes.keys()).reverse(), shuffled(codes.length), [18, 17, 17, 0, 9_999, 4096, 4095, 4097]];
    for (const order of orders) for (const row of order) assert.equal(compact.at(row), codes[row], `row ${row}`);
    assert.deepEqual(Array.from(compact.toArray()), Array.from(codes));
  });

  it('a column of one value keeps no row; a column of many values stays an array', () => {
    const constant = compactCodes(new Uint16Array(1000).fill(3));
    assert.ok(constant instanceof SparseCodes);
    assert.equal(constant.at(999), 3);
    const spread = Uint8Array.from({ length: 1000 }, (_, i) => i % 3);
    assert.equal(compactCodes(spread), spread);
    // Rows off the common code cost 4 B more each: a byte column with 12% of them stays an array.
    const some = new Uint8Array(1000);
    for (let i = 0; i < 120; i++) some[i * 8] = 1;
    assert.equal(compactCodes(some), some);
    assert.equal(compactCodes(new Uint8Array(0)).length, 0);
  });

  it('a coded column over sparse codes reads, counts and takes review labels like a dense one', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i === 10 ? 'retired' : i === 4000 ? null : 'active'));
    const builder = CodedStrings.builder<string | null>();
    builder.add(values.slice(0, 2500));
    builder.add(values.slice(2500));
    const column = builder.build();
    assert.equal(column.length, 5000);
    assert.deepEqual(Array.from({ length: 5000 }, (_, row) => column.at(row)), values);
    const relabelled = column.withValues(new Map([[11, 'expired'], [10, 'active']]));
    const expected = values.map((value, row) => (row === 11 ? 'expired' : row === 10 ? 'active' : value));
    assert.deepEqual(Array.from({ length: 5000 }, (_, row) => relabelled.at(row)), expected);
    assert.equal(relabelled.valueOfCode(relabelled.codeAt(11)), 'expired');
  });
});
