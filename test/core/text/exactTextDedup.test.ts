import { strict as assert } from 'node:assert';
import { exactTextDedup } from '../../../src/core/curate/text/exactTextDedup';

const units = (...texts: string[]) => texts.map((text, i) => ({ id: `r${i}`, text }));

describe('exact text dedup', () => {
  it('drops a unit whose normalised text equals an earlier one and names the earliest', () => {
    const result = exactTextDedup(units('Hello  World', 'other', 'hello world', 'ＨＥＬＬＯ\tworld\n'));
    assert.deepEqual(Array.from(result.kept), [1, 1, 0, 0]);
    assert.deepEqual(result.duplicates, [
      { index: 2, id: 'r2', duplicateOf: 'r0', duplicateOfIndex: 0, similarity: 1 },
      { index: 3, id: 'r3', duplicateOf: 'r0', duplicateOfIndex: 0, similarity: 1 },
    ]);
  });

  it('never drops a unit whose normalised text is empty', () => {
    const result = exactTextDedup(units('', '  ', '\n'));
    assert.deepEqual(Array.from(result.kept), [1, 1, 1]);
  });

  it('keeps ids in the keep set, and later duplicates still name the earliest kept unit', () => {
    const result = exactTextDedup(units('same', 'same', 'same'), { keep: new Set(['r1']) });
    assert.deepEqual(Array.from(result.kept), [1, 1, 0]);
    assert.equal(result.duplicates[0].duplicateOf, 'r0');
  });

  it('judges later units against a kept id that came first', () => {
    const result = exactTextDedup(units('same', 'SAME'), { keep: new Set(['r0']) });
    assert.deepEqual(result.duplicates.map((d) => [d.id, d.duplicateOf]), [['r1', 'r0']]);
  });

  it('stops when the signal has fired', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => exactTextDedup(units('a'), { signal: controller.signal }), { name: 'CuratorError', kind: 'cancelled' });
  });
});
