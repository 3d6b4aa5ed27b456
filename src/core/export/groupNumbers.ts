import { RowTable } from '../store/rowTable';
import { GroupBy, groupKeyOf, groupRuleOf, OWN_GROUP_PREFIX } from './groupBy';

/** Each row's group as a number, groups numbered by their first row in `rows`. */
export interface GroupNumbers {
  /** How many groups there are (numbers run from 0 to this, exclusive). */
  count: number;
  /**
   * Calls `visit(i, g)` with the group `g` of `rows[i]`, for every `i` in
   * order; as often as asked. A grouping by a coded column replays its codes
   * instead of keeping a number per row (40 MB at 10M records).
   */
  forEach(visit: (i: number, g: number) => void): void;
}

/**
 * Numbers the groups of `rows` under `grouping`: exactly the groups of equal
 * keys, by the rules of {@link groupKeyOf}. Ids are unique among listed rows,
 * so a row without a value groups alone.
 *
 * A grouping read from a coded column maps each code to its group through an
 * array, hashing no string per row; other groupings hash each row's key.
 * Should a value of the column look like a lone row's key (`__rec__...`),
 * the two could be one group: then keys are hashed per row too.
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
  return {
    count: numbers.size,
    forEach(visit) {
      for (let i = 0; i < groupOf.length; i++) visit(i, groupOf[i]);
    },
  };
}

function numberByCode(table: RowTable, rows: ArrayLike<number>, groupBy: GroupBy): GroupNumbers | undefined {
  const rule = groupRuleOf(groupBy, table);
  if (rule.by === 'value') return undefined;
  if (rule.by === 'record') {
    return {
      count: rows.length,
      forEach(visit) {
        for (let i = 0; i < rows.length; i++) visit(i, i);
      },
    };
  }
  const column = rule.column;
  // A value that looks like a lone row's key: hash keys instead (one pass over the dictionary, nothing decoded).
  if (column.anyValueStartsWith(OWN_GROUP_PREFIX)) return undefined;
  const LONE = -2;
  // A code's group, -1 until its first row; LONE for null, whose every row groups alone.
  const groupOfCode = new Int32Array(column.distinct).fill(-1);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const code = column.codeAt(rows[i]);
    let g = groupOfCode[code];
    if (g === -1) g = groupOfCode[code] = column.isNullCode(code) ? LONE : count++;
    if (g === LONE) count++;
  }
  return {
    count,
    forEach(visit) {
      // The numbering again: numbers were given in order, so a code's group is new exactly when it is the
      // next number, and a lone row takes the next number.
      let next = 0;
      for (let i = 0; i < rows.length; i++) {
        const g = groupOfCode[column.codeAt(rows[i])];
        if (g === LONE) visit(i, next++);
        else {
          if (g === next) next++;
          visit(i, g);
        }
      }
    },
  };
}
