import { strict as assert } from 'node:assert';
import { BandGroups } from '../../../src/core/curate/text/bandGroups';
import { seeded } from '../../helpers/vectors';

/** The definition: per band, units whose keys are equal share a group; a key only one present unit has in a band is -1. */
function referenceGroups(keys: Int32Array, n: number, bands: number, present: Uint8Array): string[] {
  const out: string[] = [];
  for (let b = 0; b < bands; b++) {
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) if (present[i]) members.set(keys[b * n + i], [...(members.get(keys[b * n + i]) ?? []), i]);
    for (const units of members.values()) if (units.length > 1) out.push(`${b}:${units.join(',')}`);
  }
  return out.sort();
}

function groupsOf(groups: Int32Array, n: number, bands: number): string[] {
  const members = new Map<number, string[]>();
  for (let b = 0; b < bands; b++) {
    for (let i = 0; i < n; i++) {
      const g = groups[b * n + i];
      if (g >= 0) members.set(g, [...(members.get(g) ?? []), `${b}:${i}`]);
    }
  }
  const out: string[] = [];
  for (const entries of members.values()) {
    const band = entries[0].split(':')[0];
    assert.ok(entries.every((e) => e.startsWith(`${band}:`)), 'a group never spans bands');
    out.push(`${band}:${entries.map((e) => e.split(':')[1]).join(',')}`);
  }
  return out.sort();
}

describe('LSH band groups', () => {
  for (const n of [1, 7, 600, 5000]) {
    it(`groups exactly the present units that share a key in a band (${n} units)`, () => {
      const random = seeded(n);
      const bands = 5;
      const keys = new Int32Array(n * bands);
      // Few distinct keys in some bands, many in others; negative keys and keys that differ only in high bits too.
      for (let b = 0; b < bands; b++) {
        const spread = [3, 50, 2 ** 31, n, 2][b];
        for (let i = 0; i < n; i++) keys[b * n + i] = ((Math.floor(random() * spread) * 0x9e3779b1) ^ (b === 3 ? 0x40000000 : 0)) | 0;
      }
      const present = Uint8Array.from({ length: n }, () => (random() < 0.9 ? 1 : 0));
      const expected = referenceGroups(keys, n, bands, present);
      const groups = new BandGroups(keys.slice(), n, bands, present);
      const numbers = Int32Array.from({ length: n * bands }, (_, at) => groups.groupOf(at % n, Math.floor(at / n)));
      assert.deepEqual(groupsOf(numbers, n, bands), expected);
      assert.equal(groups.count, expected.length);
      for (let i = 0; i < n; i++) {
        if (!present[i]) for (let b = 0; b < bands; b++) assert.equal(groups.groupOf(i, b), -1);
        assert.equal(groups.shares(i), expected.some((g) => g.split(':')[1].split(',').includes(String(i))));
      }
    });
  }

  it('numbers groups the same way on every run', () => {
    const random = seeded(3);
    const n = 3000;
    const keys = Int32Array.from({ length: n * 4 }, () => Math.floor(random() * 500));
    const present = new Uint8Array(n).fill(1);
    const a = keys.slice();
    const b = keys.slice();
    new BandGroups(a, n, 4, present);
    new BandGroups(b, n, 4, present);
    assert.deepEqual(a, b);
  });

  it('lists as candidates the filed units that share a group, ascending, each once', () => {
    // Units 0-5, two bands: band 0 keys 7 7 7 8 8 9, band 1 keys 1 2 1 2 1 2.
    const keys = Int32Array.from([7, 7, 7, 8, 8, 9, 1, 2, 1, 2, 1, 2]);
    const groups = new BandGroups(keys, 6, 2, new Uint8Array(6).fill(1));
    assert.equal(groups.shares(5), true);
    groups.file(0);
    groups.file(3);
    groups.file(1);
    assert.deepEqual(groups.candidates(2), [0, 1]);
    assert.deepEqual(groups.candidates(4), [0, 3]);
    assert.deepEqual(groups.candidates(5), [1, 3]);
    // Unfiled units are never candidates.
    assert.deepEqual(new BandGroups(Int32Array.from([7, 7]), 2, 1, new Uint8Array(2).fill(1)).candidates(1), []);
  });
});
