import { strict as assert } from 'node:assert';
import { KERNEL_CONSTANTS, minHashKernel } from '../../../src/core/curate/text/minHashKernel';
import { MinHashSketcher } from '../../../src/core/curate/text/minHashSketcher';
import { minHashTextDedup } from '../../../src/core/curate/text/minHashTextDedup';
import { seeded } from '../../helpers/vectors';
import { disguise, plantedUnits, referenceJaccard, referenceShingles } from './textFixtures';

/** Texts that exercise the word scan: runs of whitespace of every kind, words across 32-byte steps, words over 12, 32 and 64 bytes, more than 8 words in 32 bytes, case, UTF-8. */
function awkwardText(random: () => number): string {
  const pieces = ['a', 'B', 'cD', 'x1', 'word', 'Longer', 'abcdefghijklm', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'Q'.repeat(70), 'é', '数据', '🙂', '\x00', '.', '\x1c'];
  const spaces = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', ' \t '];
  let text = random() < 0.3 ? spaces[Math.floor(random() * spaces.length)] : '';
  const words = Math.floor(random() * 60);
  for (let i = 0; i < words; i++) {
    text += pieces[Math.floor(random() * pieces.length)];
    if (random() < 0.2) text += pieces[Math.floor(random() * pieces.length)];
    text += spaces[Math.floor(random() * spaces.length)];
  }
  return random() < 0.5 ? text.trimEnd() : text;
}

describe('MinHash kernel', () => {
  it('runs WebAssembly SIMD in this runtime (the build generated the module)', () => {
    assert.equal(minHashKernel(1 << 16).name, 'wasm-simd');
    assert.equal(new MinHashSketcher(5, { bands: 12, rows: 5 }).kernel, 'wasm-simd');
    assert.equal(new MinHashSketcher(5, { bands: 12, rows: 5 }, { portable: true }).kernel, 'portable');
  });

  it('finds and hashes the same words with WebAssembly SIMD and portable JavaScript, as the normalised text splits', () => {
    const random = seeded(5);
    const wasm = minHashKernel(1 << 16);
    const portable = minHashKernel(1 << 16, { portable: true });
    const input = KERNEL_CONSTANTS + 64;
    const [starts, ends, hashes, shingles] = [8192, 16384, 24576, 32768];
    for (let trial = 0; trial < 2000; trial++) {
      const text = awkwardText(random);
      const outputs = [wasm, portable].map((k) => {
        // Garbage after the padding must not matter.
        k.bytes.fill(0x41, input, input + 4096);
        const n = k.buffer.write(text, input, 4000, 'utf8');
        const count = k.scan(input, n, starts, ends, hashes, 1234, 3, shingles);
        const at = (offset: number, length = count) => Array.from(k.ints.subarray(offset >> 2, (offset >> 2) + length));
        const words = at(starts).map((s, i) => Buffer.from(k.bytes.subarray(input + s, input + at(ends)[i])).toString('utf8'));
        return { count, starts: at(starts), ends: at(ends), hashes: at(hashes), words, shingles: at(shingles, count === 0 ? 0 : count - Math.min(3, count) + 1) };
      });
      assert.deepEqual(outputs[0], outputs[1], JSON.stringify(text));
      // ASCII case folded, split on ASCII whitespace: what normaliseText's words are for an ASCII text.
      const expected = text.replace(/[A-Z]/g, (c) => c.toLowerCase()).split(/[ \t\n\v\f\r]+/).filter((w) => w !== '');
      assert.deepEqual(outputs[0].words, expected, JSON.stringify(text));
    }
  });

  it('gives equal words equal hashes, wherever they sit, and different words (almost always) different ones', () => {
    const k = minHashKernel(1 << 16);
    const text = 'Alpha beta alpha  BETA\tgamma abcdefghijklmnopq ABCDEFGHIJKLMNOPQ abcdefghijklmnopr';
    const input = KERNEL_CONSTANTS + 3;
    const n = k.buffer.write(text, input, 4000, 'utf8');
    const count = k.scan(input, n, 4096, 8192, 12288, 99, 5, 16384);
    const h = Array.from(k.ints.subarray(12288 >> 2, (12288 >> 2) + count));
    assert.equal(count, 8);
    assert.equal(h[0], h[2]);
    assert.equal(h[1], h[3]);
    assert.equal(h[5], h[6]);
    assert.equal(new Set(h).size, 5);
  });

  it('gives the same sketch, band keys, shingle hashes and similarities with either kernel', () => {
    const random = seeded(8);
    for (const banding of [{ bands: 12, rows: 5 }, { bands: 7, rows: 3 }, { bands: 20, rows: 3 }]) {
      for (const size of [1, 3, 5]) {
        const wasm = new MinHashSketcher(size, banding);
        const portable = new MinHashSketcher(size, banding, { portable: true });
        for (let trial = 0; trial < 300; trial++) {
          const text = random() < 0.5 ? awkwardText(random) : disguise(awkwardText(random).trim(), random);
          const other = random() < 0.5 ? awkwardText(random) : text.replace(/a/, 'q');
          const results = [wasm, portable].map((sketcher) => {
            const keys = new Int32Array(banding.bands);
            const present = sketcher.bandKeysOfRaw(text, keys);
            return {
              present,
              keys: Array.from(keys),
              signature: Array.from(sketcher.lastSignature()),
              similarity: sketcher.similarityOfRaw(other),
              shingles: Array.from(sketcher.shingleHashesOfRaw(other)),
            };
          });
          assert.deepEqual(results[0], results[1], `${JSON.stringify(text)} / ${JSON.stringify(other)}`);
        }
      }
    }
  });

  it('makes the dedup decide the same with either kernel, for bandings of any size', () => {
    const units = plantedUnits(400, { seed: 13, words: 60 });
    for (const banding of [{ bands: 12, rows: 5 }, { bands: 7, rows: 3 }]) {
      assert.deepEqual(minHashTextDedup(units, { banding }), minHashTextDedup(units, { banding, portable: true }));
    }
    const sketcher = new MinHashSketcher(5, { bands: 7, rows: 3 });
    sketcher.bandKeys('a b c d e f g', new Int32Array(7));
    assert.equal(sketcher.lastSignature().length, 21);
  });

  it('measures the exact Jaccard similarity with either kernel, repeated shingles and Unicode included', () => {
    const random = seeded(11);
    const vocabulary = ['a', 'b', 'c', 'ﬁ', 'fi', '数据', '🙂', 'Fig', 'FIG', 'abcdefghijklmnop', 'abcdefghijklmnoq'];
    const text = () => Array.from({ length: Math.floor(random() * 40) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(random() < 0.5 ? ' ' : ' \t');
    for (const portable of [false, true]) {
      for (let trial = 0; trial < 1500; trial++) {
        const size = 1 + Math.floor(random() * 6);
        const sketcher = new MinHashSketcher(size, { bands: 12, rows: 5 }, { portable });
        const x = text();
        sketcher.holdRaw(x);
        // Several texts against one held text, as the dedup verifies several candidates.
        for (let k = 0; k < 3; k++) {
          const y = random() < 0.3 ? x.toUpperCase() : random() < 0.5 ? `${x} ${text()}` : text();
          const expected = referenceJaccard(referenceShingles(x, size), referenceShingles(y, size));
          assert.equal(sketcher.similarityOfRaw(y), expected, `${JSON.stringify(x)} vs ${JSON.stringify(y)}, size ${size}`);
        }
      }
    }
  });

  it('keeps the table of the held text right when a much longer text is compared with it', () => {
    const sketcher = new MinHashSketcher(5, { bands: 12, rows: 5 });
    const short = Array.from({ length: 12 }, (_, i) => `w${i}`).join(' ');
    const long = `${short} ${Array.from({ length: 20000 }, (_, i) => `v${i}`).join(' ')}`;
    sketcher.holdRaw(short);
    const expected = referenceJaccard(referenceShingles(short, 5), referenceShingles(long, 5));
    assert.equal(sketcher.similarityOfRaw(long), expected);
    assert.equal(sketcher.similarityOfRaw(short), 1);
    assert.equal(sketcher.similarityOfRaw(long), expected);
  });
});
