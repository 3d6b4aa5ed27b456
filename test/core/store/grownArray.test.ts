import { strict as assert } from 'node:assert';
import { grownArray } from '../../../src/core/store/grownArray';

describe('grownArray', () => {
  it('keeps the type and every value, twice as long unless told', () => {
    const floats = grownArray(Float64Array.of(1.5, -0, NaN));
    assert.ok(floats instanceof Float64Array);
    assert.equal(floats.length, 6);
    assert.ok(Object.is(floats[1], -0) && Number.isNaN(floats[2]) && floats[0] === 1.5 && floats[3] === 0);
    const ints = grownArray(Int32Array.of(-7, 2 ** 31 - 1), 5);
    assert.ok(ints instanceof Int32Array);
    assert.deepEqual(Array.from(ints), [-7, 2 ** 31 - 1, 0, 0, 0]);
    assert.ok(grownArray(new Uint32Array(0), 4) instanceof Uint32Array);
  });
});
