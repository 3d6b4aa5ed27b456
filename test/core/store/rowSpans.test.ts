import { strict as assert } from 'node:assert';
import { prng } from '../../../src/core/demo/demoRecords';
import { ConcatSpans, ExplicitSpans, RowSpans, SequentialSpans, SpansBuilder } from '../../../src/core/store/rowSpans';
import { Appender, concatNumberColumns, countingColumnOf, numberColumnOf, sparseNumberColumn } from '../../../src/core/store/numberColumn';

interface Placement {
  row: number;
  chunk: number;
  start: number;
  end: number;
}

/** Rows in order, packed back to back in chunks of a few values, with null rows between (a scan's layout). */
function scanLayout(length: number, next: () => number): Placement[] {
  const out: Placement[] = [];
  let chunk = -1;
  let at = 0;
  for (let row = 0; row < length; row++) {
    if (next() < 0.3) continue; // null
    if (chunk < 0 || next() < 0.1) {
      chunk++;
      at = Math.floor(next() * 5); // a chunk's first value need not start at 0
    }
    const size = Math.floor(next() * 4); // empty strings too
    out.push({ row, chunk, start: at, end: (at += size) });
  }
  return out;
}

function spansOf(length: number, placements: Placement[]): RowSpans {
  const builder = new SpansBuilder(length);
  for (const p of placements) builder.place(p.row, p.chunk, p.start, p.end);
  return builder.build();
}

function assertSpans(spans: RowSpans, length: number, placements: Placement[], label: string): void {
  const expected = new Map(placements.map((p) => [p.row, p]));
  assert.equal(spans.length, length, label);
  for (let row = 0; row < length; row++) {
    const p = expected.get(row);
    if (!p) {
      assert.equal(spans.chunkOf(row), -1, `${label}: row ${row} is null`);
      continue;
    }
    assert.deepEqual([spans.chunkOf(row), spans.start(row), spans.end(row)], [p.chunk, p.start, p.end], `${label}: row ${row}`);
  }
}

describe('row spans of a byte column', () => {
  it('keeps a scan-ordered column in 4 bytes a row and reads every span back', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = prng(seed);
      const length = 1 + Math.floor(next() * 300);
      const placements = scanLayout(length, next);
      const spans = spansOf(length, placements);
      assert.ok(spans instanceof SequentialSpans, `seed ${seed}`);
      assertSpans(spans, length, placements, `seed ${seed}`);
    }
  });

  it('falls back to explicit spans when rows come out of order or with gaps between values', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = prng(seed);
      const length = 2 + Math.floor(next() * 300);
      const placements = scanLayout(length, next);
      if (placements.length < 2) continue;
      // An LSM read visits rows in another order; a null slot may also hold bytes.
      const gapAt = placements.findIndex((p, i) => i > 0 && p.chunk === placements[i - 1].chunk);
      if (seed % 2 === 1 && gapAt < 0) continue;
      const shuffled = seed % 2 === 0 ? [...placements].reverse() : placements.map((p, i) => (i >= gapAt && p.chunk === placements[gapAt].chunk ? { ...p, start: p.start + 1, end: p.end + 1 } : p));
      const spans = spansOf(length, shuffled);
      assert.ok(spans instanceof ExplicitSpans, `seed ${seed}`);
      assertSpans(spans, length, shuffled, `seed ${seed}`);
    }
  });

  it('concatenates batches, compact or not, with their chunks numbered after each other', () => {
    const next = prng(7);
    // Batches with no value at all (a batch of one tombstone), and batches starting with nulls.
    const batches = [40, 0, 75, 5, 13].map((length, i) => ({ length, placements: i === 3 ? [] : scanLayout(length, next).filter((p) => p.row > 2) }));
    const all: Placement[] = [];
    let rowBase = 0;
    let chunkBase = 0;
    for (const batch of batches) {
      for (const p of batch.placements) all.push({ ...p, row: p.row + rowBase, chunk: p.chunk + chunkBase });
      rowBase += batch.length;
      chunkBase += new Set(batch.placements.map((p) => p.chunk)).size;
    }
    // One batch out of order (explicit spans) among compact ones.
    const parts = batches.map((b, i) => spansOf(b.length, i === 2 ? [...b.placements].reverse() : b.placements));
    assert.ok(parts[2] instanceof ExplicitSpans && parts[0] instanceof SequentialSpans);
    const joined = ConcatSpans.of(parts, batches.map((b) => new Set(b.placements.map((p) => p.chunk)).size));
    assertSpans(joined, rowBase, all, 'concat');
    // Rows read out of order, then back to front: the part a row is in does not depend on the last one read.
    const shuffled = ConcatSpans.of(parts, batches.map((b) => new Set(b.placements.map((p) => p.chunk)).size));
    for (const row of [100, 3, 130, 41, 0, 132, 40, 116, 117, 115]) shuffled.chunkOf(row);
    assertSpans(shuffled, rowBase, all, 'concat, read out of order');
    assertSpans(ExplicitSpans.copyOf(joined), rowBase, all, 'copy');
  });

  it('a mostly null number column keeps only its set rows and reads like the dense one', () => {
    const parts = [new Float64Array([NaN, 5, NaN]), new Float64Array(0), new Float64Array([NaN, NaN, -2.5, NaN])];
    const column = numberColumnOf(parts);
    assert.equal(column.length, 7);
    assert.deepEqual(Array.from({ length: 7 }, (_, row) => column.at(row)), [NaN, 5, NaN, NaN, NaN, -2.5, NaN]);
    const dense = numberColumnOf([new Float64Array([1, 2, NaN, 4.5])]);
    assert.deepEqual([0, 1, 2, 3].map((row) => dense.at(row)), [1, 2, NaN, 4.5]);
    // Integers (token counts) keep four bytes a row; the extremes and -0 read back exactly.
    const integers = numberColumnOf([new Float64Array([2 ** 31 - 1, -(2 ** 31) + 1, NaN, 0])]);
    assert.deepEqual([0, 1, 2, 3].map((row) => integers.at(row)), [2 ** 31 - 1, -(2 ** 31) + 1, NaN, 0]);
    const negativeZero = numberColumnOf([new Float64Array([-0, 1, 2])]);
    assert.ok(Object.is(negativeZero.at(0), -0));
    const tooLarge = numberColumnOf([new Float64Array([2 ** 31, 1, 2])]);
    assert.equal(tooLarge.at(0), 2 ** 31);
    // Small counts take two bytes a row; 65535 (the 16-bit null) and a negative value in another batch widen every batch.
    for (const wide of [65535, -1, 70000]) {
      const small = [new Float64Array([0, 65534, NaN]), new Float64Array([wide, 7])];
      const column = numberColumnOf(small);
      assert.deepEqual(Array.from({ length: 5 }, (_, row) => column.at(row)), [0, 65534, NaN, wide, 7], `with ${wide}`);
    }
    const sixteen = numberColumnOf([new Float64Array([0, 65534, NaN, 12])]);
    assert.deepEqual([0, 1, 2, 3].map((row) => sixteen.at(row)), [0, 65534, NaN, 12]);
  });

  it('row addresses keep one start per run that counts up by one, read in any order', () => {
    const fragment = (id: number, from: number, count: number) => Float64Array.from({ length: count }, (_, i) => id * 2 ** 32 + from + i);
    // Two fragments, a deletion gap inside the second, then generation rows (NaN), over three batches.
    const parts = [fragment(0, 0, 5), Float64Array.of(...fragment(1, 0, 3), ...fragment(1, 7, 2)), new Float64Array([NaN, NaN])];
    const expected = parts.flatMap((part) => Array.from(part));
    const column = countingColumnOf(parts);
    const order = [...expected.keys(), ...[...expected.keys()].reverse(), 3, 11, 0, 6, 7];
    for (const row of order) assert.ok(Object.is(column.at(row), expected[row]), `row ${row}`);
    // Values that do not count up stay a plain column, read the same.
    const scattered = countingColumnOf([Float64Array.from([9, 2, 7, 1, 5])]);
    assert.deepEqual([0, 1, 2, 3, 4].map((row) => scattered.at(row)), [9, 2, 7, 1, 5]);
  });

  it('a sparse column set in any order reads back by row, asked in any order', () => {
    const column = sparseNumberColumn(10, new Map([[7, 1], [2, -3], [9, 0.5]]));
    const expected = [NaN, NaN, -3, NaN, NaN, NaN, NaN, 1, NaN, 0.5];
    assert.deepEqual(Array.from({ length: 10 }, (_, row) => column.at(row)), expected);
    // Backwards, jumping, repeating: the cursor kept between reads must never answer for another row.
    for (const row of [9, 9, 0, 7, 2, 8, 1, 9, 3, 2, 7, 6, 5, 4, 3, 2, 1, 0]) assert.ok(Object.is(column.at(row), expected[row]), `row ${row}`);
    const next = prng(3);
    const set = new Map<number, number>();
    for (let k = 0; k < 300; k++) set.set(Math.floor(next() * 5000), k);
    const wide = sparseNumberColumn(5000, set);
    for (let k = 0; k < 20000; k++) {
      const row = k < 5000 ? k : Math.floor(next() * 5000);
      assert.ok(Object.is(wide.at(row), set.get(row) ?? NaN), `row ${row}`);
    }
  });

  it("a scan's batches keep their own compact forms and read as one column, in any order", () => {
    const batches = [new Float64Array([NaN, 5, NaN]), new Float64Array(0), Float64Array.from([1, 2, 3, 4]), new Float64Array([0.5, NaN])];
    const joined = concatNumberColumns(batches.map((batch) => numberColumnOf([batch])));
    const expected = batches.flatMap((batch) => Array.from(batch));
    assert.equal(joined.length, expected.length);
    for (const row of [...expected.keys(), ...[...expected.keys()].reverse(), 4, 0, 8, 3]) assert.ok(Object.is(joined.at(row), expected[row]), `row ${row}`);
  });

  it('an appender sized right hands back its array without a copy, and grows when a scan returns more', () => {
    const exact = new Appender(4, (n) => new Float64Array(n));
    const first = exact.reserve(1024);
    first.values.set([1, 2], first.at);
    assert.equal(exact.finish(), first.values, 'no copy when the expected length was right');
    const grown = new Appender(0, (n) => new Uint32Array(n));
    for (let k = 0; k < 3; k++) {
      const room = grown.reserve(700);
      room.values.fill(k + 1, room.at, room.at + 700);
    }
    const out = grown.finish();
    assert.equal(out.length, 2100);
    assert.deepEqual([out[0], out[699], out[700], out[1400], out[2099]], [1, 1, 2, 3, 3]);
  });
});
