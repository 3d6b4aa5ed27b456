import { findTextLeakage, LeakagePair, moveTextLeakage, SplitTextUnit } from '../curate/text/textLeakage';
import { groupByLabel, groupKeyOf } from '../export/groupBy';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { Curation, RunHooks } from './curate';

/** Near-duplicate pairs straddling the split, as `<out>.leakage.json` lists them. */
export interface SplitLeakage {
  mode: 'report' | 'move';
  /** Exact shingle Jaccard at or above which a pair leaks. */
  threshold: number;
  shingleSize: number;
  /** The grouping the split is disjoint on (what `move` moves). */
  splitBy: string;
  /** Pairs straddling the split as the seed assigned it. */
  pairs: LeakagePair[];
  /** `move`: split groups moved from train to eval, by code point. */
  moved: string[];
  /** `move`: pairs still straddling after the move (what a second pass would move). */
  remaining: LeakagePair[];
  /** True when `moved` came from a run record (`--replay`) rather than from this run's pairs. */
  replayed: boolean;
}

/** Split-side assignment overrides: groups to put in eval whatever their hash says. */
export type MovedGroups = ReadonlySet<string>;

/**
 * The leakage check of a split run (`--leakage`), or undefined without one.
 * Units are the curated records, each in its split group's side; `move` moves
 * the train group of every straddling pair to eval in one pass. With
 * `recordedMoves` (a replay) those groups are moved instead, so the split is
 * the recorded one even if the pairs came out differently.
 */
export async function checkSplitLeakage(
  curation: Curation,
  config: ResolvedExportOptions,
  sideOf: (row: number) => 'train' | 'eval',
  hooks: RunHooks & { recordedMoves?: readonly string[] } = {},
): Promise<SplitLeakage | undefined> {
  const { leakage, split } = config;
  if (!leakage || !split) return undefined;
  const { table, state, listing, curated } = curation;
  const texts = await state.textsFor(curated, listing.rows, { signal: hooks.signal });
  const groupOf = groupKeyOf(split.by, table);
  const units: SplitTextUnit[] = Array.from(curated, (row) => ({ id: table.id[row], text: texts.text(row) ?? '', split: sideOf(row), group: groupOf(row) }));
  const options = { threshold: leakage.threshold, shingleSize: leakage.shingleSize, signal: hooks.signal };
  const base = { mode: leakage.mode, threshold: leakage.threshold, shingleSize: leakage.shingleSize, splitBy: groupByLabel(split.by) };
  if (leakage.mode === 'report') return { ...base, pairs: findTextLeakage(units, options), moved: [], remaining: [], replayed: false };
  if (hooks.recordedMoves) {
    const moved = new Set(hooks.recordedMoves);
    const pairs = findTextLeakage(units, options);
    const remaining = findTextLeakage(units.map((unit) => (moved.has(unit.group) ? { ...unit, split: 'eval' as const } : unit)), options);
    return { ...base, pairs, moved: [...hooks.recordedMoves], remaining, replayed: true };
  }
  const move = moveTextLeakage(units, options);
  return { ...base, pairs: move.before, moved: move.moved, remaining: move.after, replayed: false };
}

function pairJson(pair: LeakagePair): object {
  return { train_id: pair.trainId, eval_id: pair.evalId, train_group: pair.trainGroup, eval_group: pair.evalGroup, similarity: pair.similarity };
}

/** `<out>.leakage.json`: the check's settings, the straddling pairs and, for `move`, what moved and what still straddles. */
export function leakageToJson(leakage: SplitLeakage): object {
  return {
    leakage: 1,
    mode: leakage.mode,
    measure: 'shingle_jaccard',
    threshold: leakage.threshold,
    shingle_size: leakage.shingleSize,
    split_by: leakage.splitBy,
    pairs: leakage.pairs.map(pairJson),
    ...(leakage.mode === 'move' ? { moved_groups: leakage.moved, remaining_pairs: leakage.remaining.map(pairJson), replayed: leakage.replayed } : {}),
  };
}
