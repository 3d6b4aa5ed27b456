import { EmbeddingLeakageMeasure } from '../curate/embeddingLeakage';
import { LeakageMeasure, LeakagePair, moveLeakage, findLeakage, SplitSide, SplitUnit } from '../curate/leakage';
import { TextLeakageMeasure } from '../curate/text/textLeakage';
import { groupByLabel, groupKeyOf } from '../export/groupBy';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { Curation, RunHooks } from './curate';

/** Near-duplicate pairs straddling the split, as `<out>.leakage.json` lists them. */
export interface SplitLeakage {
  mode: 'report' | 'move';
  /** Embedding cosine distance (f32) at or below which a pair leaks. */
  distance: number;
  /** Curated records with an embedding: the ones the embedding measure could pair. */
  embedded: number;
  /** Curated records checked. */
  records: number;
  /** The text measure, when text dedup is on: shingle Jaccard at or above `threshold` leaks. */
  text?: { threshold: number; shingleSize: number };
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
 * Units are the curated records, each in its split group's side. A pair
 * leaks when the embeddings are within the leakage distance or, with text
 * dedup on, the shingle Jaccard reaches the text threshold. `move` moves the
 * train group of every straddling pair to eval in one pass. With
 * `recordedMoves` (a replay) those groups are moved instead, so the split is
 * the recorded one even if the pairs came out differently.
 */
export async function checkSplitLeakage(
  curation: Curation,
  config: ResolvedExportOptions,
  sideOf: (row: number) => SplitSide,
  hooks: RunHooks & { recordedMoves?: readonly string[] } = {},
): Promise<SplitLeakage | undefined> {
  const { leakage, split } = config;
  if (!leakage || !split) return undefined;
  // The same curated rows (a memoised curation: a recount, a group opened in the panel) and the
  // same split and check give the same pairs: the neighbour search is not run again.
  const key = JSON.stringify([leakage, { ...split, seed: String(split.seed) }, hooks.recordedMoves ?? null]);
  let checks = checked.get(curation.curated);
  if (!checks) checked.set(curation.curated, (checks = new Map()));
  const cached = checks.get(key);
  if (cached) return cached;
  const result = await runCheck(curation, config, leakage, split, sideOf, hooks);
  if (checks.size >= 4) checks.delete(checks.keys().next().value!);
  checks.set(key, result);
  return result;
}

/** Checks already run, by the curated rows they ran on (a curation's rows are one array while memoised). */
const checked = new WeakMap<Int32Array, Map<string, SplitLeakage>>();

async function runCheck(
  curation: Curation,
  config: ResolvedExportOptions,
  leakage: NonNullable<ResolvedExportOptions['leakage']>,
  split: NonNullable<ResolvedExportOptions['split']>,
  sideOf: (row: number) => SplitSide,
  hooks: RunHooks & { recordedMoves?: readonly string[] },
): Promise<SplitLeakage> {
  const { table, state, listing, curated } = curation;
  const groupOf = groupKeyOf(split.by, table);
  const units: SplitUnit[] = Array.from(curated, (row) => ({ id: table.id.at(row), split: sideOf(row), group: groupOf(row) }));

  const embeddings = await state.embeddingsFor(curated, listing.rows, { signal: hooks.signal });
  const slots = Int32Array.from(curated, (row) => embeddings.slot[row]);
  const byEmbedding = await EmbeddingLeakageMeasure.build({ data: embeddings.data, dim: embeddings.dim }, slots, leakage.distance, { signal: hooks.signal });
  const measures: LeakageMeasure[] = [byEmbedding];
  if (leakage.text) {
    const texts = await state.textsFor(curated, listing.rows, { signal: hooks.signal });
    const textUnits = Array.from(curated, (row) => ({ id: table.id.at(row), text: texts.text(row) ?? '' }));
    measures.push(new TextLeakageMeasure(textUnits, { threshold: leakage.text.threshold, shingleSize: leakage.text.shingleSize, signal: hooks.signal }));
  }

  const base = { mode: leakage.mode, distance: leakage.distance, embedded: byEmbedding.embedded, records: curated.length, text: leakage.text, splitBy: groupByLabel(split.by) };
  if (leakage.mode === 'report') return { ...base, pairs: findLeakage(units, measures), moved: [], remaining: [], replayed: false };
  const move = moveLeakage(units, measures, hooks.recordedMoves);
  return { ...base, pairs: move.before, moved: move.moved, remaining: move.after, replayed: hooks.recordedMoves !== undefined };
}

/** What the check found nothing with: said beside the report, so an empty list is never mistaken for a clean split. */
export function leakageWarnings(leakage: SplitLeakage): string[] {
  if (leakage.embedded > 0 || leakage.text) return [];
  return [`leakage: none of the ${leakage.records} curated records has an embedding, so no train/eval pair could be compared; turn on text dedup to compare their text`];
}

function pairJson(pair: LeakagePair): object {
  return {
    train_id: pair.trainId,
    eval_id: pair.evalId,
    train_group: pair.trainGroup,
    eval_group: pair.evalGroup,
    ...(pair.distance !== undefined ? { distance: pair.distance } : {}),
    ...(pair.similarity !== undefined ? { similarity: pair.similarity } : {}),
  };
}

/** `<out>.leakage.json`: the check's settings, the straddling pairs and, for `move`, what moved and what still straddles. */
export function leakageToJson(leakage: SplitLeakage): object {
  return {
    leakage: 1,
    mode: leakage.mode,
    split_by: leakage.splitBy,
    records: leakage.records,
    // A pair leaks by either measure; each pair carries the evidence of the measures that found it.
    cosine_distance: { threshold: leakage.distance, records_with_embedding: leakage.embedded },
    ...(leakage.text ? { shingle_jaccard: { threshold: leakage.text.threshold, shingle_size: leakage.text.shingleSize } } : {}),
    pairs: leakage.pairs.map(pairJson),
    ...(leakage.mode === 'move' ? { moved_groups: leakage.moved, remaining_pairs: leakage.remaining.map(pairJson), replayed: leakage.replayed } : {}),
  };
}
