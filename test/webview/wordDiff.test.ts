import { strict as assert } from 'node:assert';
import { wordDiff } from '../../webview-ui/src/preview/wordDiff';

describe('wordDiff', () => {
  it('marks the words only the kept text has as removed and the member\'s own as added', () => {
    assert.deepEqual(wordDiff('the quick brown fox', 'the slow brown fox jumps'), [
      { kind: 'same', text: 'the' },
      { kind: 'removed', text: 'quick' },
      { kind: 'added', text: 'slow' },
      { kind: 'same', text: 'brown fox' },
      { kind: 'added', text: 'jumps' },
    ]);
  });

  it('gives one same run for texts that differ only in spacing', () => {
    assert.deepEqual(wordDiff('a  b\nc', 'a b c'), [{ kind: 'same', text: 'a b c' }]);
  });

  it('declines texts too long to diff in the panel', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    assert.equal(wordDiff(long, long), undefined);
  });
});
