import { strict as assert } from 'node:assert';
import { minHashKernel } from '../../../src/core/curate/text/minHashKernel';
import { MinHashSketcher } from '../../../src/core/curate/text/minHashSketcher';
import { minHashTextDedup } from '../../../src/core/curate/text/minHashTextDedup';
import { seeded } from '../../helpers/vectors';
import { plantedUnits } from './textFixtures';

describe('MinHash kernel', () => {
  const random = seeded(3);
  const words = (count: number) => Int32Array.from({ length: count }, () => (random() * 2 ** 32) | 0);

  it('runs WebAssembly SIMD in this runtime (the build generated the module)', () => {
    assert.equal(minHashKernel(words(12), words(12)).name, 'wasm-simd');
  });

  it('gives the same signature with WebAssembly SIMD and portable JavaScript', () => {
    const multipliers = words(60).map((a) => a | 1);
    const offsets = words(60);
    const wasm = minHashKernel(multipliers, offsets);
    const portable = minHashKernel(multipliers, offsets, { portable: true });
    for (const count of [1, 2, 7, 150, 5000, 70000]) {
      const shingles = words(count);
      wasm.reserve(count).set(shingles);
      portable.reserve(count).set(shingles);
      const a = new Int32Array(60);
      const b = new Int32Array(60);
      wasm.sign(count, a);
      portable.sign(count, b);
      assert.deepEqual(a, b, `${count} shingles`);
      // The signature is the minimum, so it never exceeds the hash of any one shingle.
      assert.ok(a[0] <= ((Math.imul(shingles[0], multipliers[0]) + offsets[0]) | 0));
    }
  });

  it('makes the dedup decide the same with either kernel, for bandings that are not whole groups of 12', () => {
    const units = plantedUnits(400, { seed: 13, words: 60 });
    for (const banding of [{ bands: 12, rows: 5 }, { bands: 7, rows: 3 }]) {
      assert.deepEqual(minHashTextDedup(units, { banding }), minHashTextDedup(units, { banding, portable: true }));
    }
    const sketcher = new MinHashSketcher(5, { bands: 7, rows: 3 });
    const keys = new Int32Array(7);
    sketcher.bandKeys('a b c d e f g', keys);
    assert.equal(sketcher.lastSignature().length, 21);
  });
});
