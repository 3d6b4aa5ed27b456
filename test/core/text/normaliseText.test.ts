import { strict as assert } from 'node:assert';
import { normaliseText, wordsOf } from '../../../src/core/curate/text/normaliseText';

describe('normaliseText', () => {
  it('folds full-width letters, ligatures and case to the plain lower-case text', () => {
    assert.equal(normaliseText('Ｆｉｎｅ ﬁsh ÉCOLE'), 'fine fish école');
  });

  it('turns every run of whitespace, including no-break and ideographic spaces, into one space and trims', () => {
    assert.equal(normaliseText(' \ta\n\n b\u00a0\u3000c\r\n'), 'a b c');
    assert.equal(normaliseText('a\tb\nc\u2028d e  \t f'), 'a b c d e f');
  });

  it('folds whitespace exactly as replacing every /\\s+/ run with one space would', () => {
    const pieces = ['a', 'b', ' ', '  ', '\t', '\n', '\r\n', '\u2028', '\u00a0', '\u3000', '\ufeff', '\u200b'];
    let state = 1;
    for (let trial = 0; trial < 2000; trial++) {
      let text = '';
      for (let i = 0; i < 8; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += pieces[state % pieces.length];
      }
      assert.equal(normaliseText(text), text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim(), JSON.stringify(text));
    }
  });

  it('leaves CJK and emoji as they are', () => {
    assert.equal(normaliseText('数据 🙂  👨‍👩‍👧'), '数据 🙂 👨‍👩‍👧');
  });

  it('gives a blank text no words', () => {
    assert.equal(normaliseText(' \n\t '), '');
    assert.deepEqual(wordsOf(''), []);
    assert.deepEqual(wordsOf(normaliseText(' One  two ')), ['one', 'two']);
  });
});
