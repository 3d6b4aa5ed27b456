import { strict as assert } from 'node:assert';
import { candidateProbability } from '../../../src/core/curate/text/lshBanding';
import { MinHashSketcher } from '../../../src/core/curate/text/minHashSketcher';
import { normaliseText } from '../../../src/core/curate/text/normaliseText';
import { seeded } from '../../helpers/vectors';
import { disguise, referenceJaccard, referenceShingles } from './textFixtures';

const banding = { bands: 12, rows: 5 };
const BINS = 60;

/** A seeded text of `length` distinct-ish words and a copy with `edits` words replaced. */
function pair(random: () => number, length: number, edits: number): [string, string] {
  const words = Array.from({ length }, () => `w${Math.floor(random() * 1e6)}`);
  const copy = [...words];
  for (let e = 0; e < edits; e++) copy[Math.floor(random() * length)] = `x${Math.floor(random() * 1e6)}`;
  return [words.join(' '), copy.join(' ')];
}

function sketch(sketcher: MinHashSketcher, text: string): { keys: Int32Array; signature: Int32Array } {
  const keys = new Int32Array(banding.bands);
  assert.ok(sketcher.bandKeysOfRaw(text, keys));
  return { keys, signature: sketcher.lastSignature() };
}

describe('one-permutation MinHash sketch', () => {
  it('makes each bin agree with probability equal to the Jaccard similarity (seeded pairs, within 0.01)', () => {
    const random = seeded(41);
    const sketcher = new MinHashSketcher(5, banding);
    // Short texts (most bins densified), mid-length and long (few or no empty bins).
    for (const length of [20, 60, 150, 400]) {
      let agree = 0;
      let jaccard = 0;
      const pairs = 3000;
      for (let p = 0; p < pairs; p++) {
        const [a, b] = pair(random, length, 1 + Math.floor(random() * Math.max(2, length / 10)));
        jaccard += referenceJaccard(referenceShingles(a, 5), referenceShingles(b, 5));
        const sa = sketch(sketcher, a).signature;
        const sb = sketch(sketcher, b).signature;
        for (let i = 0; i < BINS; i++) if (sa[i] === sb[i]) agree++;
      }
      const rate = agree / (pairs * BINS);
      const mean = jaccard / pairs;
      assert.ok(Math.abs(rate - mean) < 0.01, `${length} words: bins agree ${rate.toFixed(4)}, mean Jaccard ${mean.toFixed(4)}`);
    }
  });

  it('finds pairs near the threshold at least as often as the S-curve of independent hashes says (within 0.01)', () => {
    const random = seeded(42);
    const sketcher = new MinHashSketcher(5, banding);
    let found = 0;
    let expected = 0;
    let pairs = 0;
    while (pairs < 4000) {
      const [a, b] = pair(random, 40 + Math.floor(random() * 160), 1 + Math.floor(random() * 5));
      const s = referenceJaccard(referenceShingles(a, 5), referenceShingles(b, 5));
      if (s < 0.75 || s >= 0.85) continue;
      pairs++;
      expected += candidateProbability(s, banding);
      const ka = sketch(sketcher, a).keys;
      const kb = sketch(sketcher, b).keys;
      if (ka.some((k, i) => k === kb[i])) found++;
    }
    assert.ok(found / pairs >= expected / pairs - 0.01, `found ${found / pairs}, S-curve ${expected / pairs}`);
  });

  it('fills empty bins from non-empty ones, the same way every time', () => {
    const sketcher = new MinHashSketcher(5, banding);
    // One shingle: one non-empty bin, so every bin holds its value.
    const one = sketch(sketcher, 'just four words here').signature;
    assert.equal(new Set(one).size, 1);
    // Ten shingles: at most ten values, each in its own bin and copied to empty ones.
    const text = Array.from({ length: 14 }, (_, i) => `t${i}`).join(' ');
    const first = sketch(sketcher, text);
    assert.ok(new Set(first.signature).size <= 10);
    assert.ok(!first.signature.includes(-1));
    // A fresh sketcher, after other texts, gives the same sketch.
    const other = new MinHashSketcher(5, banding);
    sketch(other, 'something else entirely, to leave state behind');
    const again = sketch(other, text);
    assert.deepEqual(again.signature, first.signature);
    assert.deepEqual(again.keys, first.keys);
  });

  it('gives identical keys to texts that normalise to the same words, and bandKeys of the normalised text the same', () => {
    const random = seeded(43);
    const sketcher = new MinHashSketcher(5, banding);
    for (let trial = 0; trial < 200; trial++) {
      const plain = pair(random, 5 + Math.floor(random() * 100), 0)[0].replace(/w/g, () => ['fi', 'F', '数', '🙂', 'é'][Math.floor(random() * 5)]);
      const raw = disguise(plain, random);
      const fromRaw = sketch(sketcher, raw).keys;
      const fromPlain = sketch(sketcher, plain).keys;
      const fromNormalised = new Int32Array(banding.bands);
      assert.ok(sketcher.bandKeys(normaliseText(raw), fromNormalised));
      assert.deepEqual(fromRaw, fromPlain, JSON.stringify(raw));
      assert.deepEqual(fromNormalised, fromPlain);
    }
  });

  it('reads a raw ASCII text as normaliseText would (ASCII whitespace, case; other control bytes are word characters)', () => {
    const pieces = ['a', 'B', 'cD', 'x1', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '.', 'Zz', '\x1c', '\x00'];
    const random = seeded(44);
    const sketcher = new MinHashSketcher(2, banding);
    for (let trial = 0; trial < 3000; trial++) {
      const text = Array.from({ length: 12 }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const raw = new Int32Array(banding.bands);
      const normalised = new Int32Array(banding.bands);
      const present = sketcher.bandKeysOfRaw(text, raw);
      assert.equal(sketcher.bandKeys(normaliseText(text), normalised), present, JSON.stringify(text));
      assert.deepEqual(raw, normalised, JSON.stringify(text));
      if (present) {
        sketcher.holdRaw(text);
        assert.equal(sketcher.similarityOfRaw(normaliseText(text)), 1, JSON.stringify(text));
      }
    }
  });

  it('writes band keys strided for a band-major table', () => {
    const sketcher = new MinHashSketcher(5, banding);
    const text = 'one two three four five six seven';
    const { keys } = sketch(sketcher, text);
    const table = new Int32Array(3 * banding.bands);
    assert.ok(sketcher.bandKeysOfRaw(text, table, 1, 3));
    assert.deepEqual(Array.from({ length: banding.bands }, (_, b) => table[1 + 3 * b]), Array.from(keys));
  });

  it('has no keys for an empty text, and similarity 0 against one', () => {
    const sketcher = new MinHashSketcher(5, banding);
    assert.equal(sketcher.bandKeysOfRaw(' \n\t ', new Int32Array(12)), false);
    assert.equal(sketcher.similarityOfRaw('a b c'), 0);
    assert.equal(sketcher.holdRaw('a b c'), true);
    assert.equal(sketcher.similarityOfRaw(''), 0);
    assert.equal(sketcher.similarityOfRaw('A  B c'), 1);
  });

  it('tells apart texts that differ only in unpaired surrogates (UTF-8 would make both U+FFFD)', () => {
    const sketcher = new MinHashSketcher(1, banding);
    sketcher.holdRaw('x\uD800 y');
    assert.equal(sketcher.similarityOfRaw('x\uD801 y'), 1 / 3);
    assert.equal(sketcher.similarityOfRaw('x\uFFFD y'), 1 / 3);
    assert.equal(sketcher.similarityOfRaw('X\uD800 Y'), 1);
  });
});
