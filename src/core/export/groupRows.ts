import { RowTable } from '../store/rowTable';
import { compareRows } from '../store/compareRows';

/** Records of one example, ordered by `(created_at, id)`. */
export interface Group {
  key: string;
  rows: Int32Array;
}

export { compareRows };

/**
 * Groups rows by key; each group is ordered by `(created_at, id)` and groups by
 * their first record's `(created_at, id)`, so output order never depends on
 * storage order.
 */
export function groupRows(table: RowTable, rows: ArrayLike<number>, keyOf: (row: number) => string): Group[] {
  const members = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const key = keyOf(row);
    const list = members.get(key);
    if (list) list.push(row);
    else members.set(key, [row]);
  }
  const compare = (a: number, b: number) => compareRows(table, a, b);
  const groups: Group[] = [];
  // Every group's rows are a view of one array: a million small groups are not a million buffers.
  const all = new Int32Array(rows.length);
  let at = 0;
  for (const [key, list] of members) {
    if (list.length > 1) list.sort(compare);
    all.set(list, at);
    groups.push({ key, rows: all.subarray(at, (at += list.length)) });
  }
  members.clear();
  groups.sort((a, b) => compare(a.rows[0], b.rows[0]));
  return groups;
}
