import { strict as assert } from 'node:assert';
import { normaliseText } from '../../../src/core/curate/text/normaliseText';
import { WordSpans } from '../../../src/core/curate/text/wordSpans';

describe('word spans', () => {
  it('hash a raw ASCII text\'s words exactly as they hash after normaliseText', () => {
    const pieces = ['a', 'B', 'cD', 'x1', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '.', 'Zz', '\x1c', '\x00'];
    let state = 7;
    const raw = new WordSpans();
    const normalised = new WordSpans();
    for (let trial = 0; trial < 3000; trial++) {
      let text = '';
      for (let i = 0; i < 10; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += pieces[(state >>> 8) % pieces.length];
      }
      assert.equal(raw.scanAscii(text), true);
      normalised.scan(normaliseText(text));
      assert.deepEqual(raw.hashes.subarray(0, raw.count), normalised.hashes.subarray(0, normalised.count), JSON.stringify(text));
    }
  });

  it('refuse a text with a non-ASCII character, which needs the full normalisation', () => {
    assert.equal(new WordSpans().scanAscii('ﬁne'), false);
    assert.equal(new WordSpans().scanAscii('caf\u00e9'), false);
  });

  it('give each word of a normalised text its offsets', () => {
    const words = new WordSpans().scan('ab c def');
    assert.equal(words.count, 3);
    assert.equal(words.slice(1, 3), 'c def');
  });
});
