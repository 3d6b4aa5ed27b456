import { RowTable } from '../store/rowTable';
import { GroupBy } from './groupBy';
import { compareRows, Group, groupRows } from './groupRows';

/**
 * The groups of a superset of rows (a preview's records before the reward
 * filter), built once, that then group any ordered subset of it exactly as
 * {@link groupRows} would, without hashing a key per row or sorting inside
 * groups again. A slider recount changes which rows are kept, not how rows
 * group or order, so it only filters.
 *
 * Exactness: a stable sort of a subsequence equals the subsequence of the
 * stable sort, so each group's rows filtered from the superset's sorted group
 * are what `groupRows` sorts them into; groups start in the order of their
 * first row in the subset (as `groupRows`' insertion order) and are sorted
 * with the same stable comparison of their first rows.
 */
export class GroupIndex {
  private constructor(
    private readonly table: RowTable,
    /** The superset's groups, each sorted by `(created_at, id)`. */
    private readonly groups: Group[],
    /** Each row's group in `groups`, -1 outside the superset. */
    private readonly groupOf: Int32Array,
    /** Each row's index in the superset, -1 outside it. */
    private readonly position: Int32Array,
    /**
     * The superset is in `(created_at, id)` order already (the listing's
     * order, or a store written in time order): groups then come out sorted
     * without sorting them.
     */
    private readonly ordered: boolean,
  ) {}

  static build(table: RowTable, superset: ArrayLike<number>, grouping: GroupBy | ((row: number) => string)): GroupIndex {
    const groups = groupRows(table, superset, grouping);
    const groupOf = new Int32Array(table.length).fill(-1);
    const position = new Int32Array(table.length).fill(-1);
    for (let i = 0; i < superset.length; i++) position[superset[i]] = i;
    groups.forEach((group, g) => {
      for (const row of group.rows) groupOf[row] = g;
    });
    let ordered = true;
    for (let i = 1; i < superset.length && ordered; i++) ordered = compareRows(table, superset[i - 1], superset[i]) < 0;
    return new GroupIndex(table, groups, groupOf, position, ordered);
  }

  /**
   * `groupRows(table, rows, grouping)` for `rows` in the superset's order, or
   * undefined when `rows` is not an ordered subsequence of the superset (the
   * caller groups them itself). Groups whose rows are all kept are the
   * superset's own objects, so results of them can be reused by identity.
   */
  groupsOf(rows: ArrayLike<number>): Group[] | undefined {
    const { groupOf, position } = this;
    const kept = new Int32Array(this.groups.length);
    const touched: number[] = [];
    let last = -1;
    for (let i = 0; i < rows.length; i++) {
      const at = rows[i] >= 0 && rows[i] < position.length ? position[rows[i]] : -1;
      if (at <= last) return undefined;
      last = at;
      const g = groupOf[rows[i]];
      if (kept[g]++ === 0) touched.push(g);
    }
    const mask = new Uint8Array(position.length);
    for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
    const firsts = new Int32Array(touched.length);
    const out: Group[] = touched.map((g, k) => {
      const group = this.groups[g];
      const rows = group.rows;
      if (kept[g] === rows.length) {
        firsts[k] = rows[0];
        return group;
      }
      const filtered = new Int32Array(kept[g]);
      let n = 0;
      for (const row of rows) if (mask[row]) filtered[n++] = row;
      firsts[k] = filtered[0];
      return { key: group.key, rows: filtered };
    });
    // Groups come in the order of their first kept rows' places in the superset:
    // in an ordered superset that is the sorted order (a tie needs equal ids, which no two listed rows have).
    if (this.ordered) return out;
    const table = this.table;
    // Sorted by first rows held aside: a group's rows may be a view made on each read.
    const order = Int32Array.from(out.keys()).sort((a, b) => compareRows(table, firsts[a], firsts[b]) || a - b);
    return Array.from(order, (k) => out[k]);
  }
}
