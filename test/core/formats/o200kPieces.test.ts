import * as assert from 'node:assert/strict';
import { CodeUnits, forEachO200kPiece, O200K_SPLIT_SOURCE, o200kRegex } from '../../../src/core/formats/o200kPieces';
import { createTokenCounter } from '../../../src/core/formats/tokenCounter';
import { seeded } from '../../helpers/vectors';

interface GptEncoding {
  countTokens(text: string): number;
  encode(text: string): number[];
  default: { bytePairEncodingCoreProcessor: { tokenSplitRegex: RegExp } };
}

const loadO200k = async () => (await import('gpt-tokenizer/encoding/o200k_base')) as unknown as GptEncoding;

/** Pieces as the scan (with the regex where it stops) gives them. */
function scannedPieces(text: string): string[] {
  const pieces: string[] = [];
  forEachO200kPiece(
    text,
    new CodeUnits(),
    o200kRegex(),
    (_units, start, end) => pieces.push(text.slice(start, end)),
    (piece) => pieces.push(piece),
  );
  return pieces;
}

// Fragments the regex treats apart: every ASCII class, contractions in any case, \s outside ASCII,
// letters of each Unicode category the regex names, digits outside ASCII, marks, emoji, lone surrogates.
const FRAGMENTS = [
  ...'abcxyzABCXYZ0123456789',
  ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\x1c', '\x1f', '\x00', '\x7f',
  ...`!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`,
  "'s", "'S", "'t", "'T", "'re", "'RE", "'rE", "'ll", "'LL", "'ve", "'Ve", "'d", "'m", "'l", "'v", "'r", "'x",
  'don', 'THEY', 'Hello', 'hELLO', 'iPhone', 'HTTPServer',
  '\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u1680', '\u2009', '\u202f', '\u0085',
  'é', 'É', 'ß', 'ª', 'º', 'µ', 'ǅ', 'ʰ', 'ⅷ', '²', '½', '٣', '७', 'e\u0301', '\u0301', '\u0308',
  '—', '…', '“', '”', '€', '×', '漢字', 'テスト', 'Ωμέγα', 'Привет', 'مرحبا',
  '😀', '👨\u200d👩\u200d👧', '🇫🇷', '\ud800', '\udc00', '\u200d', '\ufffd',
];

const ASCII_FRAGMENTS = FRAGMENTS.findIndex((fragment) => /[^\x00-\x7f]/.test(fragment));

function randomText(next: () => number, maxFragments: number): string {
  const n = Math.floor(next() * maxFragments);
  let text = '';
  for (let i = 0; i < n; i++) {
    // Mostly ASCII, as real logs are, so that scanned and regex pieces meet at every kind of boundary.
    const ascii = next() < 0.7;
    text += FRAGMENTS[Math.floor(next() * (ascii ? ASCII_FRAGMENTS : FRAGMENTS.length))];
  }
  return text;
}

describe('o200k pieces scanned by character code', () => {
  it('names the regex gpt-tokenizer splits o200k_base text with', async () => {
    const regex = (await loadO200k()).default.bytePairEncodingCoreProcessor.tokenSplitRegex;
    assert.equal(regex.source, O200K_SPLIT_SOURCE);
    assert.equal(regex.flags, 'gu');
  });

  it('splits hand-picked texts as the regex does', () => {
    const texts = [
      '',
      'hello world',
      "don't it's we'll THEY'RE they'Re I'M   trailing spaces   ",
      'x  \n\n  y\r\n\tz \t ',
      'numbers 1 12 123 1234 12345 3.14159 -42 1,000,000',
      '  ?!// \n/ end/\n\n//',
      'a\u00a0b \u00a0c  \u3000',
      'naïve café Straße ÀÉÎ ǅemal ʰh',
      '😀😀 hi😀 😀hi 漢字テスト ok',
      '{"role": "user", "content": "Hi!\\n"}',
      ' \n',
      '\n ',
      ' a',
      "'",
      "x'",
      "x'l",
      ' ',
    ];
    for (const text of texts) assert.deepEqual(scannedPieces(text), text.match(o200kRegex()) ?? [], JSON.stringify(text));
  });

  it('splits random Unicode texts as the regex does', () => {
    const next = seeded(2110);
    for (let i = 0; i < 20000; i++) {
      const text = randomText(next, 40);
      assert.deepEqual(scannedPieces(text), text.match(o200kRegex()) ?? [], JSON.stringify(text));
    }
  });

  it('counts random texts as gpt-tokenizer counts and encodes them', async () => {
    const encoding = await loadO200k();
    const counter = await createTokenCounter('o200k_base');
    const next = seeded(2111);
    // Twice: the second time the pieces come from the memo.
    const texts = Array.from({ length: 3000 }, () => randomText(next, 60));
    for (const text of [...texts, ...texts]) {
      const expected = encoding.countTokens(text);
      assert.equal(counter.count(text), expected, JSON.stringify(text));
      assert.equal(expected, encoding.encode(text).length);
    }
  });
});
