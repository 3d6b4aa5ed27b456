import * as assert from 'node:assert/strict';
import { RankedCandidate } from '../../../src/core/formats/formatExample';
import { rankedPairs } from '../../../src/core/formats/rankedPairs';

function candidate(id: string, rank: number, score: number, rankIsExplicit = false): RankedCandidate {
  return { record: { id, role: 'assistant', text: id, contentType: 'text/plain' }, rank, rankIsExplicit, score };
}

const names = (pairs: ReturnType<typeof rankedPairs>) => pairs.map((p) => `${p.chosen.record.id}>${p.rejected.record.id}`);

describe('rankedPairs', () => {
  const list = [candidate('a', 1, 0.9), candidate('b', 2, 0.5), candidate('c', 3, 0.1)];

  it('takes the best against the worst by default', () => {
    assert.deepEqual(names(rankedPairs(list)), ['a>c']);
  });

  it('takes each candidate against the next in adjacent mode', () => {
    assert.deepEqual(names(rankedPairs(list, 'adjacent')), ['a>b', 'b>c']);
  });

  it('takes every pair of different rank in all mode', () => {
    assert.deepEqual(names(rankedPairs(list, 'all')), ['a>b', 'a>c', 'b>c']);
  });

  it('skips candidates of equal explicit rank', () => {
    const tied = [candidate('a', 1, 0, true), candidate('b', 1, 0, true), candidate('c', 2, 0, true)];
    assert.deepEqual(names(rankedPairs(tied, 'all')), ['a>c', 'b>c']);
  });

  it('skips candidates of equal score when their ranks are only their places in score order', () => {
    const tied = [candidate('a', 1, 0.5), candidate('b', 2, 0.5)];
    assert.deepEqual(names(rankedPairs(tied)), []);
  });

  it('keeps a judge ranking even when the scores are equal', () => {
    const judged = [candidate('a', 1, 0, true), candidate('b', 2, 0, true)];
    assert.deepEqual(names(rankedPairs(judged)), ['a>b']);
  });

  it('gives no pair for a single candidate', () => {
    assert.deepEqual(names(rankedPairs([candidate('a', 1, 1)], 'all')), []);
  });
});
