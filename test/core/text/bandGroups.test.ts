import { strict as assert } from 'node:assert';
import { BandGroups } from '../../../src/core/curate/text/bandGroups';
import { seeded } from '../../helpers/vectors';

/** The definition: per band, the previous present unit with the same key, or -1. */
function referenceLinks(keys: Int32Array, n: number, bands: number, present: Uint8Array): Int32Array {
  const links = new Int32Array(n * bands).fill(-1);
  for (let b = 0; b < bands; b++) {
    const latest = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const key = keys[i * bands + b];
      if (latest.has(key)) links[i * bands + b] = latest.get(key)!;
      latest.set(key, i);
    }
  }
  return links;
}

describe('LSH band groups', () => {
  for (const n of [1, 7, 600, 5000]) {
    it(`links each present unit to the previous one with its key in each band (${n} units)`, () => {
      const random = seeded(n);
      const bands = 5;
      const keys = new Int32Array(n * bands);
      // Few distinct keys in some bands, many in others; negative keys and keys that differ only in high bits too.
      for (let b = 0; b < bands; b++) {
        const spread = [3, 50, 2 ** 31, n, 2][b];
        for (let i = 0; i < n; i++) keys[i * bands + b] = ((Math.floor(random() * spread) * 0x9e3779b1) ^ (b === 3 ? 0x40000000 : 0)) | 0;
      }
      const present = Uint8Array.from({ length: n }, () => (random() < 0.9 ? 1 : 0));
      const expected = referenceLinks(keys, n, bands, present);
      const groups = new BandGroups(keys.slice(), n, bands, present, new Uint8Array(n).fill(1));
      const links = Int32Array.from({ length: n * bands }, (_, at) => groups.linkOf(Math.floor(at / bands), at % bands));
      assert.deepEqual(links, expected);
      for (let i = 0; i < n; i++) {
        assert.equal(groups.shares(i), expected.subarray(i * bands, (i + 1) * bands).some((l) => l >= 0));
      }
    });
  }

  it('lists as candidates the earlier kept units that share a key, ascending, each once', () => {
    // Units 0-6, two bands: band 0 keys 7 7 7 8 8 9 7, band 1 keys 1 2 1 2 1 2 2.
    const band0 = [7, 7, 7, 8, 8, 9, 7];
    const band1 = [1, 2, 1, 2, 1, 2, 2];
    const keys = Int32Array.from(band0.flatMap((k, i) => [k, band1[i]]));
    const kept = new Uint8Array(7);
    const groups = new BandGroups(keys, 7, 2, new Uint8Array(7).fill(1), kept);
    // As the greedy goes: 0 kept, 1 removed, 2 kept, 3 kept, 4 removed, 5 kept.
    assert.deepEqual(groups.candidates(0), []);
    kept[0] = 1;
    assert.deepEqual(groups.candidates(1), [0]);
    assert.deepEqual(groups.candidates(2), [0]);
    kept[2] = 1;
    assert.deepEqual(groups.candidates(3), []);
    kept[3] = 1;
    assert.deepEqual(groups.candidates(4), [0, 2, 3]);
    assert.deepEqual(groups.candidates(5), [3]);
    kept[5] = 1;
    // Removed units 1 and 4 are passed over (and unlinked): band 0 chain 6 → 2 → 1 → 0, band 1 chain 6 → 5 → 3 → 1.
    assert.deepEqual(groups.candidates(6), [0, 2, 3, 5]);
    assert.equal(groups.linkOf(2, 0), 0);
    assert.equal(groups.linkOf(3, 1), -1);
  });

  it('unlinks removed units, so a run of identical removed texts costs one step per unit', () => {
    const n = 20000;
    const keys = new Int32Array(n).fill(42);
    const kept = new Uint8Array(n);
    const groups = new BandGroups(keys, n, 1, new Uint8Array(n).fill(1), kept);
    kept[0] = 1;
    for (let i = 1; i < n; i++) assert.deepEqual(groups.candidates(i), [0]);
  });
});
