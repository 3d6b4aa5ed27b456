import * as assert from 'assert';
import * as arrow from 'apache-arrow';
import { GroupBy } from '../../src/core/export/groupBy';
import { GroupIndex } from '../../src/core/export/groupIndex';
import { GroupList } from '../../src/core/export/groupList';
import { groupRows } from '../../src/core/export/groupRows';
import { ByteStrings } from '../../src/core/store/byteStrings';
import { CodedStrings } from '../../src/core/store/codedStrings';
import { IdColumn } from '../../src/core/store/idColumn';
import { compareRows } from '../../src/core/store/compareRows';
import { RowTable } from '../../src/core/store/rowTable';

/** The grouping rules as groupBy.ts spelled them before groups were numbered by code. */
function referenceKeyOf(groupBy: GroupBy, table: RowTable): (row: number) => string {
  const id = (row: number) => table.id.at(row);
  const orOwn = (value: string | null, row: number) => value ?? `__rec__${id(row)}`;
  switch (groupBy.kind) {
    case 'none':
      return (row) => `__rec__${id(row)}`;
    case 'session_id':
      return (row) => orOwn(table.sessionId.at(row), row);
    case 'run_id':
      return (row) => table.runId.at(row);
    case 'tenant':
      return (row) => orOwn(table.tenant.at(row), row);
    case 'source':
      return (row) => orOwn(table.source.at(row), row);
    case 'bot_id':
      return (row) => orOwn(table.botId.at(row), row);
    case 'external_id_prefix':
      return (row) => {
        const externalId = table.externalId.at(row);
        if (externalId === null) return `__rec__${id(row)}`;
        const at = externalId.indexOf(groupBy.delimiter);
        return at < 0 ? externalId : externalId.slice(0, at);
      };
  }
}

/** groupRows as it was: one array per key in a Map, each sorted, then groups sorted by first row. */
function referenceGroupRows(table: RowTable, rows: ArrayLike<number>, keyOf: (row: number) => string): { key: string; rows: number[] }[] {
  const members = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const list = members.get(keyOf(rows[i]));
    if (list) list.push(rows[i]);
    else members.set(keyOf(rows[i]), [rows[i]]);
  }
  const compare = (a: number, b: number) => compareRows(table, a, b);
  const groups = [...members].map(([key, list]) => ({ key, rows: list.sort(compare) }));
  return groups.sort((a, b) => compare(a.rows[0], b.rows[0]));
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TableShape {
  rows: number;
  /** Distinct ids; fewer than rows repeats ids. */
  ids: number;
  /** Distinct created_at values: few means many ties. */
  times: number;
  nullShare: number;
}

function randomTable(next: () => number, shape: TableShape): RowTable {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const column = (initial: string | null = null) => CodedStrings.writer<string | null>(shape.rows, initial);
  // run_id reads a missing value as ''.
  const writers = { sessionId: column(), runId: column(''), tenant: column(), source: column(), botId: column(), externalId: column() };
  // Values that look like a lone row's key must still group as export.rs groups them.
  const pools = {
    sessionId: ['s1', 's2', 's3', 'é', '__rec__r3', 's10'],
    runId: ['', 'run-a', 'run-b'],
    tenant: ['t1', 't2'],
    source: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    botId: ['bot', 'Bot', 'bót'],
    externalId: ['x#1', 'x#2', 'y#1', 'y', 'x', '#z', 'x#1#2', '__rec__r1#a'],
  };
  const createdAt = new Float64Array(shape.rows);
  const id: string[] = [];
  for (let row = 0; row < shape.rows; row++) {
    createdAt[row] = 1_700_000_000_000_000 + Math.floor(next() * shape.times);
    id.push(`r${shape.ids >= shape.rows ? row : Math.floor(next() * shape.ids)}${next() < 0.1 ? '\u{1F600}' : ''}`);
    for (const key of Object.keys(writers) as (keyof typeof writers)[]) {
      const isNull = key !== 'runId' && next() < shape.nullShare;
      const pool = key === 'sessionId' && next() < 0.7 ? pools.sessionId.slice(0, 4) : pools[key];
      writers[key].set(row, isNull ? null : pick(pool.filter((v) => !v.startsWith('__rec__') || next() < 0.3)));
    }
  }
  const built = Object.fromEntries(Object.entries(writers).map(([key, writer]) => [key, writer.build()]));
  // External ids are bytes, one per record, not a coded column.
  const externalIds = Array.from({ length: shape.rows }, (_, row) => built.externalId.at(row));
  const externalId = ByteStrings.fromData(arrow.vectorFromArray(externalIds, new arrow.Utf8()).data[0], shape.rows);
  return { length: shape.rows, id: IdColumn.fromStrings(id), createdAt, ...built, externalId } as unknown as RowTable;
}

/** A shuffled subset of the table's rows, as a listing hands them over. */
function someRows(next: () => number, length: number): Int32Array {
  const rows = Int32Array.from({ length }, (_, i) => i).filter(() => next() < 0.8);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

const plain = (groups: GroupList | undefined) =>
  Array.from({ length: groups?.length ?? 0 }, (_, g) => {
    const group = groups!.at(g);
    assert.deepStrictEqual([groups!.keyOf(g), Array.from(groups!.rowsOf(g)), groups!.sizeOf(g)], [group.key, Array.from(group.rows), group.rows.length]);
    return { key: group.key, rows: Array.from(group.rows) };
  });

const GROUPINGS: GroupBy[] = [
  { kind: 'none' },
  { kind: 'session_id' },
  { kind: 'run_id' },
  { kind: 'tenant' },
  { kind: 'source' },
  { kind: 'bot_id' },
  { kind: 'external_id_prefix', delimiter: '#' },
  { kind: 'external_id_prefix', delimiter: 'x' },
];

describe('groupRows', () => {
  for (const groupBy of GROUPINGS) {
    it(`groups and orders rows as the Map-based grouping did (${JSON.stringify(groupBy)})`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const next = random(seed);
        const shape = { rows: 1 + Math.floor(next() * 300), ids: Infinity, times: 1 + Math.floor(next() * 20), nullShare: next() * 0.5 };
        const table = randomTable(next, { ...shape, ids: shape.rows });
        const rows = someRows(next, table.length);
        const expected = referenceGroupRows(table, rows, referenceKeyOf(groupBy, table));
        assert.deepStrictEqual(plain(groupRows(table, rows, groupBy)), expected, `seed ${seed}`);
        assert.deepStrictEqual(plain(groupRows(table, rows, referenceKeyOf(groupBy, table))), expected, `seed ${seed}, by key`);
        // A preview's index filters its superset's groups into the same groups.
        const subset = rows.filter(() => next() < 0.6);
        const index = GroupIndex.build(table, rows, groupBy);
        assert.deepStrictEqual(plain(index.groupsOf(subset)), referenceGroupRows(table, subset, referenceKeyOf(groupBy, table)), `seed ${seed}, index`);
        // A superset in (created_at, id) order already (the listing's order) hands its groups out unsorted: the same groups.
        const ordered = Int32Array.from(rows).sort((a, b) => compareRows(table, a, b));
        const orderedSubset = ordered.filter(() => next() < 0.6);
        const orderedIndex = GroupIndex.build(table, ordered, groupBy);
        assert.deepStrictEqual(plain(orderedIndex.groupsOf(orderedSubset)), referenceGroupRows(table, orderedSubset, referenceKeyOf(groupBy, table)), `seed ${seed}, ordered index`);
      }
    });
  }

  it('keeps input order among rows and groups that compare equal (repeated ids and times)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(1000 + seed);
      const table = randomTable(next, { rows: 1 + Math.floor(next() * 200), ids: 5, times: 3, nullShare: 0 });
      const rows = someRows(next, table.length);
      for (const groupBy of [{ kind: 'run_id' }, { kind: 'session_id' }, { kind: 'source' }] as GroupBy[]) {
        const expected = referenceGroupRows(table, rows, referenceKeyOf(groupBy, table));
        assert.deepStrictEqual(plain(groupRows(table, rows, groupBy)), expected, `seed ${seed} ${groupBy.kind}`);
      }
      const byTime = (row: number) => String(table.createdAt[row] % 2);
      assert.deepStrictEqual(plain(groupRows(table, rows, byTime)), referenceGroupRows(table, rows, byTime), `seed ${seed} by time`);
    }
  });

  it('sorts groups larger than the insertion-sort cut-off', () => {
    const next = random(7);
    const table = randomTable(next, { rows: 5000, ids: 5000, times: 50, nullShare: 0.01 });
    const rows = someRows(next, table.length);
    for (const groupBy of [{ kind: 'run_id' }, { kind: 'tenant' }] as GroupBy[]) {
      assert.deepStrictEqual(plain(groupRows(table, rows, groupBy)), referenceGroupRows(table, rows, referenceKeyOf(groupBy, table)));
    }
  });

  it('returns no groups for no rows', () => {
    const table = randomTable(random(1), { rows: 3, ids: 3, times: 1, nullShare: 0 });
    assert.deepStrictEqual(plain(groupRows(table, new Int32Array(0), { kind: 'session_id' })), []);
  });
});
