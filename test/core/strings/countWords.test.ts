import { strict as assert } from 'node:assert';
import { countWords, countWordsOfRanges, usesWasmWordCounter } from '../../../src/core/strings/countWords';

/** Every kind of white space and of word character, ASCII and multi-byte, and the near misses of each multi-byte space. */
const PIECES = [
  ' ', '\t', '\n', '\u000b', '\u000c', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
  'a', 'word', 'Z9', '\u0084', '\u00a1', '\u00e9', '\u1681', '\u200b', '\u2030', '\u2060', '\u3001', '\u00c2', '😀', '中文', '\u0000', '\u007f', '\u0008', '\u001f',
];

function randomText(random: () => number): string {
  const length = Math.floor(random() * 60);
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

function lcg(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

function countAll(block: Buffer, starts: number[], ends: number[]): Uint32Array {
  const out = new Uint32Array(starts.length);
  countWordsOfRanges(block, Uint32Array.from(starts), Uint32Array.from(ends), starts.length, out);
  return out;
}

describe('word counts', () => {
  it('counts like Rust split_whitespace', () => {
    const cases: [string, number][] = [['', 0], [' ', 0], ['a', 1], [' a b  c ', 3], ['a\u00a0b\u3000c\u2028d', 4], ['a\u200bb', 1], ['\u0085x\u1680', 1]];
    for (const [text, words] of cases) {
      const bytes = Buffer.from(text);
      assert.equal(countWords(bytes, 0, bytes.length), words, JSON.stringify(text));
      assert.deepEqual([...countAll(bytes, [0], [bytes.length])], [words], JSON.stringify(text));
    }
  });

  it('runs WebAssembly SIMD here', () => {
    assert.equal(usesWasmWordCounter(), true);
  });

  it('counts ranges of a block as countWords does, across 16-byte vectors, with multi-byte spaces at every offset', () => {
    const random = lcg(21);
    for (let round = 0; round < 300; round++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => randomText(random));
      const pieces = texts.map((text) => Buffer.from(text));
      const block = Buffer.concat(pieces);
      const starts: number[] = [];
      const ends: number[] = [];
      let at = 0;
      for (const piece of pieces) {
        starts.push(at);
        ends.push((at += piece.length));
      }
      const expected = starts.map((start, k) => countWords(block, start, ends[k]));
      assert.deepEqual([...countAll(block, starts, ends)], expected, `round ${round}`);
    }
  });

  it('counts long runs with a space or a word at each vector edge, and ranges that split a character', () => {
    const words = Buffer.from(`${'x'.repeat(15)} ${'y'.repeat(16)}\u3000${'z'.repeat(31)}\u00a0end`);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let start = 0; start < words.length; start += 3) for (const length of [0, 1, 15, 16, 17, 33, 64]) {
      starts.push(start);
      ends.push(Math.min(words.length, start + length));
    }
    assert.deepEqual([...countAll(words, starts, ends)], starts.map((start, k) => countWords(words, start, ends[k])));
  });

  it('falls back to countWords on bytes that are not valid UTF-8', () => {
    const block = Buffer.from([0x41, 0xe5, 0x20, 0x42, 0xff, 0x20, 0x43, 0xc2, 0x20, 0x44, 0x20]);
    assert.deepEqual([...countAll(block, [0, 3, 0], [block.length, 7, 5])], [countWords(block, 0, block.length), countWords(block, 3, 7), countWords(block, 0, 5)]);
  });
});
