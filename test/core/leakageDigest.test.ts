import { strict as assert } from 'node:assert';
import { digestLeakage, LeakagePair } from '../../src/core';

const texts = ['Thanks, that helps.', 'thanks,  THAT helps.', 'Thanks, that helps.', 'Thanks, that helps.', 'The function is named add and returns the sum.', 'The function is named add and returns the sum!', 'short', 'short'];
const pair = (trainIndex: number, evalIndex: number, measure: Pick<LeakagePair, 'distance' | 'similarity'>, groups = [`t${trainIndex}`, `e${evalIndex}`]): LeakagePair => ({
  trainIndex,
  evalIndex,
  trainId: `r${trainIndex}`,
  evalId: `r${evalIndex}`,
  trainGroup: groups[0],
  evalGroup: groups[1],
  ...measure,
});

describe('leakage digest (the pairs as a person reads them)', () => {
  const pairs = [pair(0, 1, { similarity: 1 }), pair(2, 1, { similarity: 1 }), pair(3, 1, { similarity: 1 }), pair(6, 7, { similarity: 1 }), pair(4, 5, { distance: 5.66e-6 })];

  it('folds a text that recurs in many pairs into one line, after the single pairs', () => {
    const lines = digestLeakage(pairs, (i) => texts[i]);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[2].folded, { text: 'Thanks, that helps.', pairs: 3 });
    assert.deepEqual(lines.slice(0, 2).map((l) => l.folded), [undefined, undefined]);
  });

  it('lists the most severe first: the closer pair (to 0.001), then the longer shared text', () => {
    const lines = digestLeakage(pairs, (i) => texts[i]);
    // An identical 'short' (Jaccard 1) and the real leak at distance 5.66e-6 are equally close to 0.001: the longer text leads.
    assert.deepEqual(lines.slice(0, 2).map((l) => [l.pair.trainId, l.pair.evalId]), [['r4', 'r5'], ['r6', 'r7']]);
    assert.equal(lines[0].trainText, texts[4]);
    assert.equal(lines[0].evalText, texts[5]);
    const apart = digestLeakage([pair(4, 5, { similarity: 0.85 }), pair(6, 7, { distance: 0.001 })], (i) => texts[i]);
    assert.deepEqual(apart.map((l) => l.pair.trainId), ['r6', 'r4']);
  });

  it('with the group unit, lists one line per train/eval group pair with its record pairs', () => {
    const lines = digestLeakage([pair(0, 1, { similarity: 0.9 }, ['g1', 'g2']), pair(2, 1, { similarity: 1 }, ['g1', 'g2']), pair(4, 5, { distance: 0.01 }, ['g3', 'g2'])], (i) => texts[i], { byGroup: true });
    assert.deepEqual(lines.map((l) => [l.pair.trainGroup, l.pair.evalGroup, l.recordPairs, l.pair.similarity ?? l.pair.distance]), [['g1', 'g2', 2, 1], ['g3', 'g2', 1, 0.01]]);
  });
});
