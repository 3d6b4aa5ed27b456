/**
 * One group while a run reads it: its number in its {@link GroupList}, its
 * key and its records, ordered by `(created_at, id)`. Made when asked for
 * ({@link GroupList.at}) and dropped once read: a list keeps no object per
 * group.
 */
export interface Group {
  readonly index: number;
  readonly key: string;
  readonly rows: Int32Array;
}

/**
 * The groups of a grouping, in output order, held in typed arrays: every
 * group's rows back to back, and where each group starts. A million small
 * groups cost four bytes each beside their rows, not an object each (about 55
 * bytes a group). A group's key is the rule's key of its first row (every row
 * of a group has the same key), made when asked for.
 *
 * @example
 * for (let g = 0; g < groups.length; g++) write(groups.at(g));
 */
export class GroupList {
  constructor(
    /** Every group's rows, group after group, each group's in `(created_at, id)` order. */
    readonly rows: Int32Array,
    /** Where each group starts in `rows`, then where the last one ends (`length + 1` entries). */
    private readonly starts: Int32Array,
    /** The grouping's key of a row. */
    readonly keyOfRow: (row: number) => string,
    /** Group keys the list knows without decoding a first row's (a recount's groups, from their superset's). */
    private readonly knownKeys?: GroupKeys,
  ) {}

  /** How many groups there are. */
  get length(): number {
    return this.starts.length - 1;
  }

  /** Where group `g`'s rows start in {@link rows}. */
  startOf(g: number): number {
    return this.starts[g];
  }

  /** Where group `g`'s rows end in {@link rows} (exclusive). */
  endOf(g: number): number {
    return this.starts[g + 1];
  }

  /** How many rows group `g` has. */
  sizeOf(g: number): number {
    return this.starts[g + 1] - this.starts[g];
  }

  /** Group `g`'s rows: a view of {@link rows}, made on each call. */
  rowsOf(g: number): Int32Array {
    return this.rows.subarray(this.starts[g], this.starts[g + 1]);
  }

  /** Group `g`'s key, made on each call. */
  keyOf(g: number): string {
    return this.knownKeys ? this.knownKeys.keyOf(g) : this.keyOfRow(this.rows[this.starts[g]]);
  }

  /** Group `g` to read: its rows' view and key made once, on first read. */
  at(g: number): Group {
    return new GroupAt(this, g);
  }
}

/**
 * Keys of a list's groups known elsewhere. An object of one class, not a
 * closure made per list: a call through a new closure each recount sends the
 * optimized per-group loop back to the interpreter ("wrong call target").
 */
export interface GroupKeys {
  keyOf(g: number): string;
}

/** A group of a list while it is read (a run reads one group's rows several times in a row). */
class GroupAt implements Group {
  private view: Int32Array | undefined;
  private keyMade: string | undefined;

  constructor(
    private readonly list: GroupList,
    readonly index: number,
  ) {}

  get key(): string {
    return (this.keyMade ??= this.list.keyOf(this.index));
  }

  get rows(): Int32Array {
    return (this.view ??= this.list.rowsOf(this.index));
  }
}
