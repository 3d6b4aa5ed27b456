import { strict as assert } from 'node:assert';
import { normaliseText, wordsOf } from '../../../src/core/curate/text/normaliseText';

describe('normaliseText', () => {
  it('folds full-width letters, ligatures and case to the plain lower-case text', () => {
    assert.equal(normaliseText('Ｆｉｎｅ ﬁsh ÉCOLE'), 'fine fish école');
  });

  it('turns every run of whitespace, including no-break and ideographic spaces, into one space and trims', () => {
    assert.equal(normaliseText(' \ta\n\n b\u00a0\u3000c\r\n'), 'a b c');
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
