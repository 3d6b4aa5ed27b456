import * as assert from 'node:assert/strict';
import { depthProblem, SERDE_DEPTH_LIMIT } from '../../src/core/json/jsonDepth';

describe('depthProblem', () => {
  it('passes 127 nested arrays and fails the 128th, however short the text', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    assert.equal(depthProblem(nested(SERDE_DEPTH_LIMIT)), undefined);
    assert.match(depthProblem(nested(SERDE_DEPTH_LIMIT + 1)) ?? '', /recursion limit exceeded: more than 127 nested arrays or objects at position 127/);
    // Unclosed: the shortest text that goes past the limit.
    assert.match(depthProblem('['.repeat(SERDE_DEPTH_LIMIT + 1)) ?? '', /recursion limit exceeded/);
    assert.equal(depthProblem('['.repeat(SERDE_DEPTH_LIMIT)), undefined);
    // Brackets inside strings do not nest.
    assert.equal(depthProblem(`["${'['.repeat(200)}"]`), undefined);
    assert.equal(depthProblem('{"reward": 0.5}'), undefined);
  });
});
