import { RowTable } from '../store/rowTable';
import { GroupBy } from './groupBy';
import { GroupKeys, GroupList } from './groupList';
import { compareRows, groupRows } from './groupRows';

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
  /** The superset groups' keys, decoded once each when first asked for (every recount lists them). */
  private keys: (string | undefined)[] | undefined;

  private constructor(
    private readonly table: RowTable,
    /** The superset's groups, each sorted by `(created_at, id)`. */
    private readonly groups: GroupList,
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
    for (let g = 0; g < groups.length; g++) for (let i = groups.startOf(g); i < groups.endOf(g); i++) groupOf[groups.rows[i]] = g;
    let ordered = true;
    for (let i = 1; i < superset.length && ordered; i++) ordered = compareRows(table, superset[i - 1], superset[i]) < 0;
    return new GroupIndex(table, groups, groupOf, position, ordered);
  }

  /**
   * `groupRows(table, rows, grouping)` for `rows` in the superset's order, or
   * undefined when `rows` is not an ordered subsequence of the superset (the
   * caller groups them itself).
   */
  groupsOf(rows: ArrayLike<number>): GroupList | undefined {
    const { groupOf, position, groups } = this;
    const kept = new Int32Array(groups.length);
    const touched = new Int32Array(Math.min(rows.length, groups.length));
    let count = 0;
    let last = -1;
    for (let i = 0; i < rows.length; i++) {
      const at = rows[i] >= 0 && rows[i] < position.length ? position[rows[i]] : -1;
      if (at <= last) return undefined;
      last = at;
      const g = groupOf[rows[i]];
      if (kept[g]++ === 0) touched[count++] = g;
    }
    const mask = new Uint8Array(position.length);
    for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
    const all = groups.rows;
    // Groups come in the order of their first kept rows' places in the superset:
    // in an ordered superset that is the sorted order (a tie needs equal ids, which no two listed rows have).
    let order = touched.subarray(0, count);
    if (!this.ordered) {
      // A group's rows are sorted, so its first kept row is its least.
      const firsts = new Int32Array(count);
      for (let k = 0; k < count; k++) {
        let i = groups.startOf(touched[k]);
        while (!mask[all[i]]) i++;
        firsts[k] = all[i];
      }
      const table = this.table;
      const ranks = Int32Array.from(order.keys()).sort((a, b) => compareRows(table, firsts[a], firsts[b]) || a - b);
      order = Int32Array.from(ranks, (k) => touched[k]);
    }
    const out = new Int32Array(rows.length);
    const starts = new Int32Array(count + 1);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const g = order[k];
      starts[k] = at;
      const from = groups.startOf(g);
      const to = groups.endOf(g);
      if (kept[g] === to - from) {
        out.set(all.subarray(from, to), at);
        at += to - from;
      } else {
        for (let i = from; i < to; i++) if (mask[all[i]]) out[at++] = all[i];
      }
    }
    starts[count] = at;
    // Every row of a group has its group's key, so a filtered group's key is its superset group's.
    return new GroupList(out, starts, groups.keyOfRow, new SubsetKeys(this, order));
  }

  /** The key of the superset's group `g`. */
  keyOfGroup(g: number): string {
    const keys = (this.keys ??= new Array<string | undefined>(this.groups.length));
    return (keys[g] ??= this.groups.keyOf(g));
  }
}

/** The keys of a subset's groups: group `k` is the superset's group `order[k]`. */
class SubsetKeys implements GroupKeys {
  constructor(
    private readonly index: GroupIndex,
    private readonly order: Int32Array,
  ) {}

  keyOf(k: number): string {
    return this.index.keyOfGroup(this.order[k]);
  }
}
