import { strict as assert } from 'node:assert';
import { MemoryBudget } from '../../../src/core/spill/memoryBudget';
import { ByteSpill } from '../../../src/core/store/byteStrings';
import { hashIdBytes, IdColumn, IdHasher, setIdSlotsPerShare } from '../../../src/core/store/idColumn';
import { compareCodePoints } from '../../../src/core/strings/compareCodePoints';
import { lengthHash, sameHash } from '../../helpers/collidingHashers';
import { useTempDir } from '../../helpers/tempDir';

/** `column` after a one-shot listing freed its hashes. */
function released(column: IdColumn): IdColumn {
  column.releaseHashes();
  return column;
}

const IDS = ['a', 'b', 'a', 'ccc', 'b', 'é', '\u{1F600}x', '\uFFFDy', 'a', '', 'x'.repeat(100), 'x'.repeat(99) + 'y', 'x'.repeat(100)];

describe('IdColumn', () => {
  const tmp = useTempDir();
  const spilled = (): ByteSpill => ({ budget: new MemoryBudget({ memoryBudget: 1, tempDir: tmp() }), stem: 'ids' });

  const variants: [string, (ids: string[]) => IdColumn][] = [
    ['in memory', (ids) => IdColumn.fromStrings(ids)],
    ['spilled under a 1-byte budget', (ids) => IdColumn.fromStrings(ids, spilled())],
    ['with every hash colliding', (ids) => IdColumn.fromStrings(ids, undefined, sameHash)],
    ['spilled, with hashes colliding by length', (ids) => IdColumn.fromStrings(ids, spilled(), lengthHash)],
    ['concatenated from parts', (ids) => IdColumn.concat([IdColumn.fromStrings(ids.slice(0, 5)), IdColumn.fromStrings(ids.slice(5), spilled())])],
    ['spilled, with its hashes released (computed again on use)', (ids) => released(IdColumn.fromStrings(ids, spilled()))],
    ['with hashes colliding by length, released', (ids) => released(IdColumn.fromStrings(ids, undefined, lengthHash))],
  ];

  for (const [name, make] of variants) {
    describe(name, () => {
      it('decodes each row, and compares rows by bytes', () => {
        const column = make(IDS);
        assert.equal(column.length, IDS.length);
        assert.deepEqual(Array.from({ length: column.length }, (_, row) => column.at(row)), IDS);
        for (let a = 0; a < IDS.length; a++) {
          for (let b = 0; b < IDS.length; b++) {
            assert.equal(column.equals(a, b), IDS[a] === IDS[b], `${a} ${b}`);
            assert.equal(Math.sign(column.compare(a, b)), Math.sign(compareCodePoints(IDS[a], IDS[b])), `${a} ${b}`);
          }
        }
      });

      it('keeps the last row of each id, ascending', () => {
        const column = make(IDS);
        const expected = IDS.flatMap((id, row) => (IDS.lastIndexOf(id) === row ? [row] : []));
        assert.deepEqual(Array.from(column.lastRowOfEach()), expected);
      });

      it('finds rows by id, decoding only hash hits', () => {
        const column = make(IDS);
        assert.equal(column.lastRowOf('a'), 8);
        assert.equal(column.lastRowOf('x'.repeat(100)), 12);
        assert.equal(column.lastRowOf('zz'), -1);
        assert.ok(column.is(5, 'é'));
        assert.ok(!column.is(5, 'e'));
        const lookup = column.keyedLookup(new Map([['b', 'B'], ['\u{1F600}x', 'smile'], ['absent', 'none']]));
        assert.deepEqual(
          Array.from({ length: column.length }, (_, row) => lookup(row) ?? null),
          IDS.map((id) => (id === 'b' ? 'B' : id === '\u{1F600}x' ? 'smile' : null)),
        );
        assert.equal(column.keyedLookup(new Map())(0), undefined);
      });
    });
  }

  it('keeps the same last rows when the hash space is walked in shares (a pass over a store of millions)', () => {
    let seed = 11;
    const ids = Array.from({ length: 3000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return `r${seed % 1200}`;
    });
    const expected = ids.flatMap((id, row) => (ids.lastIndexOf(id) === row ? [row] : []));
    for (const slots of [8, 512]) {
      const previous = setIdSlotsPerShare(slots);
      try {
        for (const hasher of [undefined, sameHash, lengthHash]) {
          assert.deepEqual(Array.from(IdColumn.fromStrings(ids, undefined, hasher).lastRowOfEach()), expected, `${slots} slots`);
        }
        assert.deepEqual(Array.from(IdColumn.fromStrings(ids, spilled()).lastRowOfEach()), expected);
      } finally {
        setIdSlotsPerShare(previous);
      }
    }
  });

  it('compares bytes after its hashes are released, without hashing every row again', () => {
    let hashed = 0;
    const counting: IdHasher = (bytes, start, end, out, at) => {
      hashed++;
      hashIdBytes(bytes, start, end, out, at);
    };
    const column = released(IdColumn.fromStrings(IDS, undefined, counting));
    hashed = 0;
    assert.ok(column.equals(0, 2) && !column.equals(0, 1));
    assert.equal(hashed, 0, 'equals decided by bytes');
    assert.equal(column.lastRowOf('a'), 8);
    assert.equal(hashed, IDS.length + 1, 'a lookup hashes the rows again, once, and the id asked');
  });

  it('spills its bytes under a 1-byte budget and reads them back', () => {
    const spill = spilled();
    const column = IdColumn.fromStrings(IDS, spill);
    assert.ok(spill.budget.spilled > 0);
    assert.equal(column.at(6), '\u{1F600}x');
    spill.budget.close();
  });

  it('spreads sequential ids over both hash words (no 64-bit collisions, few 32-bit ones, even buckets)', () => {
    const n = 200_000;
    const out = new Uint32Array(2);
    const full = new Set<string>();
    const lows = new Set<number>();
    const buckets = new Uint32Array(1024);
    for (let i = 0; i < n; i++) {
      const bytes = Buffer.from(`rec-${String(i).padStart(8, '0')}`);
      hashIdBytes(bytes, 0, bytes.length, out, 0);
      full.add(`${out[0]}:${out[1]}`);
      lows.add(out[0]);
      buckets[out[0] & 1023]++;
    }
    assert.equal(full.size, n);
    // About n²/2³³ ≈ 5 expected 32-bit collisions.
    assert.ok(n - lows.size < 40, `${n - lows.size} low-word collisions`);
    const mean = n / 1024;
    assert.ok(Math.max(...buckets) < mean * 1.5 && Math.min(...buckets) > mean * 0.5, 'uneven buckets');
  });
});
