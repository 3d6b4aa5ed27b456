import { strict as assert } from 'node:assert';
import { groupBandKeys } from '../../../src/core/curate/text/bandGroups';
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
      const groups = keys.slice();
      const count = groupBandKeys(groups, n, bands, present);
      assert.deepEqual(groupsOf(groups, n, bands), expected);
      assert.equal(count, expected.length);
      for (let i = 0; i < n; i++) if (!present[i]) for (let b = 0; b < bands; b++) assert.equal(groups[b * n + i], -1);
    });
  }

  it('numbers groups the same way on every run', () => {
    const random = seeded(3);
    const n = 3000;
    const keys = Int32Array.from({ length: n * 4 }, () => Math.floor(random() * 500));
    const present = new Uint8Array(n).fill(1);
    const a = keys.slice();
    const b = keys.slice();
    groupBandKeys(a, n, 4, present);
    groupBandKeys(b, n, 4, present);
    assert.deepEqual(a, b);
  });
});
