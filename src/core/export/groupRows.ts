import { RowTable } from '../store/rowTable';
import { compareRows } from '../store/compareRows';
import { GroupBy, groupKeyOf } from './groupBy';
import { numberGroups } from './groupNumbers';

/** Records of one example, ordered by `(created_at, id)`. */
export interface Group {
  readonly key: string;
  readonly rows: Int32Array;
}

export { compareRows };

/**
 * What the groups of one {@link groupRows} call share: every group's rows,
 * back to back, the grouping's key rule, and the view and key last made, for
 * the group last asked (a run reads one group's rows several times in a row).
 */
class GroupSlices {
  last: SlicedGroup | undefined;
  view: Int32Array | undefined;
  key: string | undefined;

  constructor(
    readonly all: Int32Array,
    readonly keyOf: (row: number) => string,
  ) {}
}

/**
 * One group of a {@link groupRows} result: a slice of the rows all groups
 * share. Its key and its rows' view are made when asked for, so a million
 * small groups hold three fields each, not a key string and a typed-array
 * view each (about 150 bytes a group). The key is the rule's key of its
 * first row: every row of a group has the same key.
 */
class SlicedGroup implements Group {
  constructor(
    private readonly slices: GroupSlices,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get key(): string {
    const slices = this.current();
    return (slices.key ??= slices.keyOf(slices.all[this.start]));
  }

  get rows(): Int32Array {
    const slices = this.current();
    return (slices.view ??= slices.all.subarray(this.start, this.end));
  }

  /** The shared slices, their memo now this group's. */
  private current(): GroupSlices {
    const slices = this.slices;
    if (slices.last !== this) {
      slices.last = this;
      slices.view = slices.key = undefined;
    }
    return slices;
  }
}

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
export function groupRows(table: RowTable, rows: ArrayLike<number>, grouping: GroupBy | ((row: number) => string)): Group[] {
  const { groupOf, count } = numberGroups(table, rows, grouping);
  const compare = (a: number, b: number) => compareRows(table, a, b);
  // Each group's least row is its first once sorted; the earliest of equal rows, as a stable sort keeps it.
  const first = new Int32Array(count).fill(-1);
  const sizes = new Int32Array(count);
  for (let i = 0; i < rows.length; i++) {
    const g = groupOf[i];
    sizes[g]++;
    if (first[g] < 0 || compare(rows[i], first[g]) < 0) first[g] = rows[i];
  }
  const order = new Int32Array(count);
  for (let g = 0; g < count; g++) order[g] = g;
  order.sort((a, b) => compare(first[a], first[b]) || a - b);
  // A counting sort lays the groups out in output order, each group's rows in input order.
  const start = new Int32Array(count);
  for (let k = 0, at = 0; k < count; k++) {
    start[order[k]] = at;
    at += sizes[order[k]];
  }
  const all = new Int32Array(rows.length);
  const next = Int32Array.from(start);
  for (let i = 0; i < rows.length; i++) all[next[groupOf[i]]++] = rows[i];
  const slices = new GroupSlices(all, typeof grouping === 'function' ? grouping : groupKeyOf(grouping, table));
  const groups: Group[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const from = start[order[k]];
    const to = from + sizes[order[k]];
    sortSlice(all, from, to, compare);
    groups[k] = new SlicedGroup(slices, from, to);
  }
  return groups;
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
