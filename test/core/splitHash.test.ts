import { strict as assert } from 'node:assert';
import { splitFraction, splitPaths, stableHash } from '../../src/core';

// Expected values computed independently (Python, arbitrary-precision ints) from the
// definition: FNV-1a 64 over seed (8 LE bytes) + UTF-8 key, fmix64, top 53 bits / 2^53.
const VECTORS: [bigint, string, bigint, number][] = [
  [0n, '', 0xa8c7f832281a39c5n, 0.48368956501667804],
  [0n, 's1', 0x69a03ecc20cbf369n, 0.921845301779935],
  [42n, 's0', 0x4a882f7ed724722cn, 0.15148220661666378],
  [42n, 'session-17', 0x3018e5b7c7dcae00n, 0.40803320910794605],
  [7n, 'r199', 0x9ea8e94c8860d3a5n, 0.9198940419439847],
  [99n, 'ü-ß-😀', 0x1947195c0be58cccn, 0.5131210292928843],
  [2n ** 64n - 1n, 'x', 0x280460de49e08d3fn, 0.3518807057700689],
];

describe('split hash', () => {
  for (const [seed, key, hash, fraction] of VECTORS) {
    it(`hashes seed ${seed} and key ${JSON.stringify(key)} to the reference values`, () => {
      assert.equal(stableHash(seed, key), hash);
      assert.equal(splitFraction(seed, key), fraction);
    });
  }

  it('inserts the side before the last extension of the file name', () => {
    assert.deepEqual(splitPaths('out/cut.jsonl'), { train: 'out/cut.train.jsonl', eval: 'out/cut.eval.jsonl' });
    assert.deepEqual(splitPaths('a.b/cut'), { train: 'a.b/cut.train', eval: 'a.b/cut.eval' });
    assert.deepEqual(splitPaths('x/v1.2.jsonl'), { train: 'x/v1.2.train.jsonl', eval: 'x/v1.2.eval.jsonl' });
  });
});
