import { strict as assert } from 'node:assert';
import { CodedStrings } from '../../../src/core/store/codedStrings';

describe('coded string columns', () => {
  it('a writer widens its codes as the distinct values outgrow a byte, then two bytes', () => {
    const length = 70_000;
    const writer = CodedStrings.writer<string | undefined>(length, undefined);
    // Rows set out of order; rows never set keep the initial value.
    for (let row = length - 1; row >= 0; row -= 1) if (row % 5 !== 0) writer.set(row, `v${row % 66_000}`);
    const column = writer.build();
    assert.equal(column.length, length);
    for (let row = 0; row < length; row++) assert.equal(column.at(row), row % 5 === 0 ? undefined : `v${row % 66_000}`, `row ${row}`);
    const values = new Set<string | undefined>([undefined]);
    for (let row = 0; row < length; row++) if (row % 5 !== 0) values.add(`v${row % 66_000}`);
    assert.equal(column.distinct, values.size);
  });

  it('a builder keeps early batches narrow and reads every row back after the dictionary grew', () => {
    const builder = CodedStrings.builder<string | null>();
    const batches = [Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? null : 'same')), Array.from({ length: 70_000 }, (_, i) => `s${i}`), ['same', null]];
    for (const batch of batches) builder.add(batch);
    const column = builder.build();
    const all = batches.flat();
    assert.equal(column.length, all.length);
    for (let row = 0; row < all.length; row++) assert.equal(column.at(row), all[row], `row ${row}`);
  });
});
