import { strict as assert } from 'node:assert';
import { WordSpans } from '../../../src/core/curate/text/wordSpans';

describe('word spans', () => {
  it('give each word of a normalised text its offsets', () => {
    const words = new WordSpans().scan('ab c def');
    assert.equal(words.count, 3);
    assert.equal(words.slice(1, 3), 'c def');
  });
});
