import { strict as assert } from 'node:assert';
import * as arrow from 'apache-arrow';
import { MemoryBudget } from '../../../src/core/spill/memoryBudget';
import { readStrings } from '../../../src/core/store/arrowColumns';
import { ByteSpill } from '../../../src/core/store/byteStrings';
import { BYTE_DICTIONARY_PAST, CodedStrings, DictionaryOptions } from '../../../src/core/store/codedStrings';
import { lengthHash, sameHash } from '../../helpers/collidingHashers';
import { useTempDir } from '../../helpers/tempDir';

/** Values of every kind a column holds: nulls, non-ASCII, empty, long, repeats in runs and apart. */
function sampleValues(count: number): (string | null)[] {
  const values: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const k = (i * 7919) % Math.max(1, Math.floor(count / 2));
    values.push(i % 11 === 0 ? null : k % 13 === 0 ? `séance-${k}-\u{1F600}` : k % 17 === 0 ? '' : k % 19 === 0 ? `${'x'.repeat(90)}${k}` : `s${k}`);
    if (i % 5 === 0) values.push(values[values.length - 1]);
  }
  return values;
}

/** A Binary chunk of `values` given as bytes (null: a null row). */
function binaryData(values: (Uint8Array | null)[]): arrow.Data {
  const offsets = new Int32Array(values.length + 1);
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) {
    offsets[i + 1] = offsets[i] + (values[i]?.length ?? 0);
    if (values[i]) bitmap[i >> 3] |= 1 << (i & 7);
  }
  const data = new Uint8Array(offsets[values.length]);
  values.forEach((value, i) => value && data.set(value, offsets[i]));
  const nullCount = values.filter((value) => value === null).length;
  return arrow.makeData({ type: new arrow.Binary(), length: values.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data });
}

/** `column` reads `expected`; `unused` values no row has any more may stay in its dictionary (a copy with values replaced). */
function assertReads<T extends string | null | undefined>(column: CodedStrings<T>, expected: readonly T[], unused = false): void {
  assert.equal(column.length, expected.length);
  for (let row = 0; row < expected.length; row++) assert.equal(column.at(row), expected[row], `row ${row}`);
  if (unused) assert.ok(column.distinct >= new Set(expected).size);
  else assert.equal(column.distinct, new Set(expected).size);
  // Codes name values one to one.
  const valueOf = new Map<number, T>();
  for (let row = 0; row < expected.length; row++) {
    const code = column.codeAt(row);
    if (!valueOf.has(code)) valueOf.set(code, expected[row]);
    assert.equal(valueOf.get(code), expected[row], `code ${code}`);
    assert.equal(column.valueOfCode(code), expected[row]);
  }
}

describe('coded string columns with many distinct values (bytes)', () => {
  const tmp = useTempDir();
  const spilled = (): ByteSpill => ({ budget: new MemoryBudget({ memoryBudget: 1, tempDir: tmp() }), stem: 'values' });

  it('keeps more than BYTE_DICTIONARY_PAST distinct values as bytes, and fewer as strings', () => {
    const many = CodedStrings.builder<string | null>();
    const values = Array.from({ length: BYTE_DICTIONARY_PAST + 10 }, (_, i) => (i === 5 ? null : `v${i}`));
    many.add(values);
    const column = many.build();
    assert.equal(column.asBytes, true);
    assertReads(column, values);
    const few = CodedStrings.builder<string | null>();
    few.add(values.slice(0, BYTE_DICTIONARY_PAST));
    assert.equal(few.build().asBytes, false);
  });

  it('keeps strings UTF-8 cannot hold apart, however many (they are JS values beside the bytes)', () => {
    const length = 40_000;
    const valueOf = (row: number) => (row % 2 === 0 ? `lone \udc00 ${row}` : `lone \ud800 ${row}`);
    for (const options of [{}, { bytesPast: 8 }]) {
      const writer = CodedStrings.writer<string | undefined>(length, undefined, options);
      for (let row = 0; row < length; row++) writer.set(row, valueOf(row));
      const column = writer.build();
      assert.equal(column.distinct, length + 1);
      for (let row = 0; row < length; row += 997) assert.equal(column.at(row), valueOf(row));
    }
  });

  const variants: [string, DictionaryOptions, boolean][] = [
    ['in memory', { bytesPast: 8 }, false],
    ['spilled under a 1-byte budget', { bytesPast: 8 }, true],
    ['with every hash colliding', { bytesPast: 8, hasher: sameHash }, false],
    ['spilled, with hashes colliding by length', { bytesPast: 8, hasher: lengthHash }, true],
    ['kept as strings (the threshold not passed)', {}, false],
  ];
  for (const [name, options, spill] of variants) {
    describe(name, () => {
      it('reads back batches of strings, nulls and non-ASCII values', () => {
        const batches = [sampleValues(700), sampleValues(3000).reverse(), [null, 'after', 's1']];
        const builder = CodedStrings.builder<string | null>(options);
        for (const batch of batches) builder.add(batch);
        const column = builder.build(spill ? spilled() : undefined);
        assert.equal(column.asBytes, options.bytesPast !== undefined);
        assertReads(column, batches.flat());
        // Asked of the dictionary without decoding: nulls, prefixes, each value's bytes.
        for (let code = 0; code < column.distinct; code++) {
          assert.equal(column.isNullCode(code), column.valueOfCode(code) === null);
          const bytes = column.valueBytes;
          const buffer = bytes?.buffer(code);
          if (buffer) assert.equal(buffer.toString('utf8', bytes!.start(code), bytes!.end(code)), column.valueOfCode(code));
        }
        assert.equal(column.anyValueStartsWith('séance-'), true);
        assert.equal(column.anyValueStartsWith('x'.repeat(90)), true);
        assert.equal(column.anyValueStartsWith('sé-'), false);
        assert.equal(column.anyValueStartsWith('after'), true);
        assert.equal(column.anyValueStartsWith('afterwards'), false);
      });

      it('indexes Arrow chunks by their bytes as a string column reads them', () => {
        const values = sampleValues(2000);
        const utf8 = arrow.vectorFromArray(values, new arrow.Utf8()).data[0];
        const builder = CodedStrings.builder<string | null>(options);
        builder.addData(utf8, values.length, null);
        builder.addData(arrow.vectorFromArray(values.slice(100, 150), new arrow.Utf8()).data[0], 50, 'none');
        builder.addData(undefined, 3, 'none');
        const column = builder.build(spill ? spilled() : undefined);
        assertReads(column, [...values, ...values.slice(100, 150).map((value) => value ?? 'none'), 'none', 'none', 'none']);
      });

      it('reads invalid UTF-8 as its lossy decoding: bytes decoding alike share a code', () => {
        const bytes = [[0x61, 0xff], [0x61, 0xfe], [0x61, 0xef, 0xbf, 0xbd], [0xc3], [0xa9], [0xc3, 0xa9], null, [0x62]].map((b) => b && Uint8Array.from(b));
        // `c3` then `a9`: valid together, each alone a lone piece of `é`.
        const data = binaryData(bytes);
        const builder = CodedStrings.builder<string | null>(options);
        builder.addData(data, bytes.length, null);
        const column = builder.build(spill ? spilled() : undefined);
        const expected = readStrings(data, bytes.length);
        assert.deepEqual(expected.slice(0, 3), ['a\uFFFD', 'a\uFFFD', 'a\uFFFD']);
        assertReads(column, expected);
        // A chunk valid as a whole whose values cut `é` in two.
        const cut = [[0xc3], [0xa9], [0xc3, 0xa9], [0xef, 0xbf, 0xbd], [0xe2, 0x82], [0xac, 0x61]].map((b) => Uint8Array.from(b));
        const whole = binaryData(cut);
        const both = CodedStrings.builder<string | null>(options);
        both.addData(whole, cut.length, null);
        const cutExpected = readStrings(whole, cut.length);
        assert.deepEqual(cutExpected, ['\uFFFD', '\uFFFD', 'é', '\uFFFD', '\uFFFD', '\uFFFDa']);
        assertReads(both.build(spill ? spilled() : undefined), cutExpected);
      });

      it('a writer sets rows in any order, with an undefined initial value and strings UTF-8 cannot hold', () => {
        const length = 3000;
        const writer = CodedStrings.writer<string | undefined>(length, undefined, options);
        const valueOf = (row: number) => (row % 7 === 0 ? undefined : row % 101 === 0 ? `lone \ud800 ${row % 3}` : row % 103 === 0 ? `lone \uFFFD ${row % 3}` : `g${row % 900}-ü`);
        for (let row = length - 1; row >= 0; row--) if (row % 7 !== 0) writer.set(row, valueOf(row));
        const column = writer.build(spill ? spilled() : undefined);
        assertReads(column, Array.from({ length }, (_, row) => valueOf(row)));
      });

      it('replaces values (a review) keeping every other row', () => {
        const values = sampleValues(1500);
        const builder = CodedStrings.builder<string | null>(options);
        builder.add(values);
        const column = builder.build(spill ? spilled() : undefined);
        const replacements = new Map<number, string | null>([
          [0, 'chosen'],
          [3, 'rejected'],
          [10, values[20]],
          [11, null],
          [1000, 'chosen'],
        ]);
        const replaced = column.withValues(replacements);
        assert.equal(replaced.asBytes, column.asBytes);
        assertReads(
          replaced,
          values.map((value, row) => (replacements.has(row) ? replacements.get(row)! : value)),
          true,
        );
        assertReads(column, values);
      });
    });
  }
});
