import { RowTable } from '../store/rowTable';
import { codedGroupingOf, GroupBy, groupKeyOf, OWN_GROUP_PREFIX } from './groupBy';

/** Each row's group as a number, groups numbered by their first row in `rows`. */
export interface GroupNumbers {
  /** The group of `rows[i]`, at `i`. */
  groupOf: Int32Array;
  /** How many groups there are (numbers run from 0 to this, exclusive). */
  count: number;
}

/**
 * Numbers the groups of `rows` under `grouping`: exactly the groups of equal
 * keys, by the rules of {@link groupKeyOf}. Ids are unique among listed rows,
 * so a row without a value groups alone.
 *
 * A grouping read from a coded column maps each code to its group through an
 * array, hashing no string per row (only one per code when distinct values
 * can share a key). Should a value's key look like a lone row's
 * (`__rec__...`), the two could be one group: then keys are hashed per row.
 */
export function numberGroups(table: RowTable, rows: ArrayLike<number>, grouping: GroupBy | ((row: number) => string)): GroupNumbers {
  if (typeof grouping === 'function') return numberByKey(rows, grouping);
  return numberByCode(table, rows, grouping) ?? numberByKey(rows, groupKeyOf(grouping, table));
}

function numberByKey(rows: ArrayLike<number>, keyOf: (row: number) => string): GroupNumbers {
  const numbers = new Map<string, number>();
  const groupOf = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const key = keyOf(rows[i]);
    let g = numbers.get(key);
    if (g === undefined) numbers.set(key, (g = numbers.size));
    groupOf[i] = g;
  }
  return { groupOf, count: numbers.size };
}

function numberByCode(table: RowTable, rows: ArrayLike<number>, groupBy: GroupBy): GroupNumbers | undefined {
  const groupOf = new Int32Array(rows.length);
  const coded = codedGroupingOf(groupBy, table);
  if (!coded) {
    for (let i = 0; i < rows.length; i++) groupOf[i] = i;
    return { groupOf, count: rows.length };
  }
  const { column, keyOfValue, injective } = coded;
  const LONE = -2;
  // A code's group, -1 until its first row; LONE for null, whose every row groups alone.
  const groupOfCode = new Int32Array(column.distinct).fill(-1);
  const byKey = injective ? undefined : new Map<string, number>();
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const code = column.codeAt(rows[i]);
    let g = groupOfCode[code];
    if (g === -1) {
      const value = column.valueOfCode(code);
      if (value === null) g = groupOfCode[code] = LONE;
      else {
        const key = keyOfValue(value);
        if (key.startsWith(OWN_GROUP_PREFIX)) return undefined;
        if (byKey) {
          const known = byKey.get(key);
          if (known === undefined) byKey.set(key, (g = count++));
          else g = known;
        } else g = count++;
        groupOfCode[code] = g;
      }
    }
    groupOf[i] = g === LONE ? count++ : g;
  }
  return { groupOf, count };
}
