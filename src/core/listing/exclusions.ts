import type { RowTable } from '../store/rowTable';
import type { Exclusion, ExclusionRule, ExclusionStage } from './exclusion';

/** What a stage says about one record it removed, beside the row, id and stage every exclusion has. */
export type Evidence = Omit<Exclusion, 'row' | 'id' | 'stage'>;

/** How many records each rule removed. */
export type RuleCounts = Partial<Record<ExclusionRule, number>>;

/**
 * The records one stage removed, in the order the stage met them. A stage
 * decides which rows go and how many per rule; each record's id and evidence
 * (rule, reason, reward and threshold, duplicate-of, …) are made only when
 * asked for (`at`, `slice`, `list`): a slider recount removes tens of
 * thousands of records and nobody reads most of their evidence.
 *
 * `evidenceOf` reads only what the stage fixed when it ran (its own arrays,
 * the version's columns, its options), never state a later run changes: the
 * evidence of a plan stays that plan's after any number of recounts.
 */
export class Exclusions {
  constructor(
    readonly stage: ExclusionStage,
    private readonly table: RowTable | undefined,
    /** The removed rows (RowTable rows), in the stage's order. */
    readonly rows: Int32Array,
    /** How many records each rule removed (what the panel's per-rule counts show). */
    readonly rules: RuleCounts,
    /** The evidence of the `k`-th removed record. */
    private readonly evidenceOf: (k: number) => Evidence,
  ) {}

  /** A stage that removed nothing. */
  static none(stage: ExclusionStage): Exclusions {
    return new Exclusions(stage, undefined, new Int32Array(0), {}, () => {
      throw new RangeError('no exclusions');
    });
  }

  /** The records of a stage with one rule. */
  static ofRule(stage: ExclusionStage, rule: ExclusionRule, table: RowTable, rows: Int32Array, evidenceOf: (k: number) => Evidence): Exclusions {
    return new Exclusions(stage, table, rows, rows.length > 0 ? { [rule]: rows.length } : {}, evidenceOf);
  }

  get length(): number {
    return this.rows.length;
  }

  /** The `k`-th removed record with its evidence, made now. */
  at(k: number): Exclusion {
    if (!(k >= 0 && k < this.rows.length)) throw new RangeError(`exclusion ${k} of ${this.rows.length}`);
    const row = this.rows[k];
    return { row, id: this.table!.id.at(row), stage: this.stage, ...this.evidenceOf(k) };
  }

  /** Removed records `start` to `end` (exclusive), made now. */
  slice(start = 0, end = this.rows.length): Exclusion[] {
    const to = Math.min(end, this.rows.length);
    const out: Exclusion[] = [];
    for (let k = Math.max(start, 0); k < to; k++) out.push(this.at(k));
    return out;
  }

  /** Every removed record with its evidence, made now. */
  list(): Exclusion[] {
    return this.slice();
  }
}
