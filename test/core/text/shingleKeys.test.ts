import { strict as assert } from 'node:assert';
import { normaliseText } from '../../../src/core/curate/text/normaliseText';
import { exactJaccard, ShingleKeys } from '../../../src/core/curate/text/shingleKeys';
import { seeded } from '../../helpers/vectors';
import { referenceJaccard, referenceShingles } from './textFixtures';

describe('exact Jaccard of shingle keys', () => {
  it('equals the Jaccard of the shingle string sets, repeated shingles included', () => {
    const random = seeded(11);
    const vocabulary = ['a', 'b', 'c', 'ﬁ', '数据', '🙂', 'Fig'];
    const text = () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const a = new ShingleKeys();
    const b = new ShingleKeys();
    for (let trial = 0; trial < 500; trial++) {
      const x = text();
      const y = random() < 0.3 ? x : text();
      const size = 1 + Math.floor(random() * 6);
      const expected = referenceJaccard(referenceShingles(x, size), referenceShingles(y, size));
      const actual = exactJaccard(a.load(normaliseText(x), size), b.load(normaliseText(y), size));
      assert.equal(actual, expected, `${JSON.stringify(x)} vs ${JSON.stringify(y)}, size ${size}`);
    }
  });

  it('makes a text of fewer words than the shingle size a single shingle', () => {
    const a = new ShingleKeys().load('one two', 5);
    assert.equal(a.count, 1);
    assert.equal(exactJaccard(a, new ShingleKeys().load('one two', 5)), 1);
    assert.equal(exactJaccard(a, new ShingleKeys().load('one two three', 5)), 0);
  });

  it('gives an empty text similarity 0 to everything, itself included', () => {
    assert.equal(exactJaccard(new ShingleKeys().load('', 5), new ShingleKeys().load('', 5)), 0);
  });
});
