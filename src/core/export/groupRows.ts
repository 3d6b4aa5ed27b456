import { RowTable } from '../store/rowTable';
import { compareRows } from '../store/compareRows';
import { GroupBy, groupKeyOf } from './groupBy';
import { GroupList } from './groupList';
import { numberGroups } from './groupNumbers';

export { compareRows };

/**
 * Groups rows by key; each group is ordered by `(created_at, id)` and groups by
 * their first record's `(created_at, id)`, so output order never depends on
 * storage order. Sorts are stable: rows that compare equal keep their order
 * in `rows`, and so do groups whose first rows compare equal (by first
 * appearance).
 *
 * `grouping` is a grouping (read from the table's coded columns, one code
 * lookup per row) or any key function (one hash lookup per row).
 */
export function groupRows(table: RowTable, rows: ArrayLike<number>, grouping: GroupBy | ((row: number) => string)): GroupList {
  const numbers = numberGroups(table, rows, grouping);
  const count = numbers.count;
  const compare = (a: number, b: number) => compareRows(table, a, b);
  // Each group's least row is its first once sorted; the earliest of equal rows, as a stable sort keeps it.
  const first = new Int32Array(count).fill(-1);
  const sizes = new Int32Array(count);
  numbers.forEach((i, g) => {
    sizes[g]++;
    if (first[g] < 0 || compare(rows[i], first[g]) < 0) first[g] = rows[i];
  });
  const order = new Int32Array(count);
  for (let g = 0; g < count; g++) order[g] = g;
  order.sort((a, b) => compare(first[a], first[b]) || a - b);
  // A counting sort lays the groups out in output order, each group's rows in input order;
  // `sizes` becomes each group's next free place.
  const starts = new Int32Array(count + 1);
  for (let k = 0, at = 0; k < count; k++) {
    const g = order[k];
    starts[k] = at;
    at += sizes[g];
    sizes[g] = starts[k];
  }
  starts[count] = rows.length;
  const all = new Int32Array(rows.length);
  numbers.forEach((i, g) => {
    all[sizes[g]++] = rows[i];
  });
  for (let k = 0; k < count; k++) sortSlice(all, starts[k], starts[k + 1], compare);
  return new GroupList(all, starts, typeof grouping === 'function' ? grouping : groupKeyOf(grouping, table));
}

/** Stably sorts `all[from..to)` in place. */
function sortSlice(all: Int32Array, from: number, to: number, compare: (a: number, b: number) => number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) sorted = compare(all[i - 1], all[i]) <= 0;
  if (sorted) return;
  if (to - from > 32) {
    // TypedArray sort with a comparator is stable (ES2019).
    all.subarray(from, to).sort(compare);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const row = all[i];
    let j = i - 1;
    while (j >= from && compare(all[j], row) > 0) {
      all[j + 1] = all[j];
      j--;
    }
    all[j + 1] = row;
  }
}
