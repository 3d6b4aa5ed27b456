import { ExportTask, PreferenceForm } from './exportTasks';
import { Group } from './groupList';
import { RecordSource } from './recordSource';
import { preferenceSpecsByTurn } from './preferenceSpecsByTurn';

export interface ExampleSettings {
  task: ExportTask;
  form: PreferenceForm;
  minReward: number | undefined;
  /** Preference candidates: the whole group's (export.rs, the default) or each turn's (`--pair-scope turn`). */
  pairScope?: PairScope;
}

/** What preference candidates compete within: a whole group (export.rs) or the answers to one prompt. */
export type PairScope = 'group' | 'turn';

/**
 * One example of a group, as the rows it is made of. Deciding the examples
 * (which candidate is chosen, how they rank) needs only the records' signals;
 * writing them (objects for previews, bytes for files) comes after, so counting
 * examples never touches their text.
 */
export type ExampleSpec =
  | { form: 'sft'; reward: number | undefined }
  | ({ form: 'paired'; prompt: number[]; chosen: number; rejected: number; edit?: EditPairSource } & TurnRows)
  | ({ form: 'unpaired'; prompt: number[]; completion: number; label: boolean } & TurnRows)
  | ({ form: 'ranked'; prompt: number[]; candidates: { row: number; rank: number }[] } & TurnRows)
  | { form: 'rollout'; prompt: number[]; responses: number[]; groupId: string | undefined };

interface TurnRows {
  /** Per-turn examples (`--pair-scope turn`): the prompt's and candidates' rows, in conversation order, for provenance. */
  rows?: number[];
}

/** The rows an example's provenance lists: its group's, or a per-turn example's prompt and candidates. */
export function provenanceRows(group: Group, spec: ExampleSpec): ArrayLike<number> {
  return 'rows' in spec && spec.rows ? spec.rows : group.rows;
}

/**
 * An edit pair (`--edit-pairs`): chosen and rejected are the same record, the
 * chosen side with a person's edited text, the rejected side with the original.
 */
export interface EditPairSource {
  eventId: string;
  reviewer: string;
}

/** Why a group produced no example (for the preview's explanations). */
export type SkipReason = 'no_candidates' | 'single_candidate' | 'no_preference_signal' | 'no_labels';

export interface GroupExamples {
  specs: ExampleSpec[];
  skipped?: SkipReason;
}

type Signals = Pick<RecordSource, 'table' | 'signals'>;

/** Decides the examples of one group exactly as lance-context's exporters do. */
export function decideExamples(source: Signals, group: Group, settings: ExampleSettings): GroupExamples {
  switch (settings.task) {
    case 'sft':
      return { specs: [{ form: 'sft', reward: bestReward(source, group.rows) }] };
    case 'rollout':
      return rolloutSpec(source, group);
    case 'preference':
      if (settings.pairScope === 'turn') {
        const withRows = (spec: ExampleSpec, rows: number[]): ExampleSpec => (spec.form === 'sft' || spec.form === 'rollout' ? spec : { ...spec, rows });
        return preferenceSpecsByTurn(source, group.rows, (prompt, candidates) => preferenceSpecsOf(source, prompt, candidates, settings), withRows);
      }
      return preferenceSpecsOf(source, ...promptAndCandidates(source, group.rows), settings);
  }
}

/** The rows an example presents as completions: chosen then rejected, ranked order, responses; all rows for SFT. */
export function picksOf(spec: ExampleSpec, group: Group): number[] {
  switch (spec.form) {
    case 'sft':
      return Array.from(group.rows);
    case 'paired':
      return [spec.chosen, spec.rejected];
    case 'unpaired':
      return [spec.completion];
    case 'ranked':
      return spec.candidates.map((c) => c.row);
    case 'rollout':
      return spec.responses;
  }
}

/** The rows an example's messages come from: its prompt, then its picks (every row for SFT). */
export function messageRowsOf(spec: ExampleSpec, group: Group): number[] {
  return spec.form === 'sft' ? Array.from(group.rows) : [...spec.prompt, ...picksOf(spec, group)];
}

function bestReward(source: Signals, rows: Int32Array): number | undefined {
  let best: number | undefined;
  for (const row of rows) {
    const value = source.signals.reward.at(row);
    if (!Number.isNaN(value) && (best === undefined || value > best)) best = value;
  }
  return best;
}

export function isAssistant(source: Signals, row: number): boolean {
  const role = source.table.role.at(row);
  return role === 'assistant' || role.toLowerCase() === 'assistant';
}

/** Non-assistant turns form the prompt (in order, even after a candidate); assistant turns are candidates. */
export function splitPromptCandidates(source: Signals, rows: Int32Array): { prompt: number[]; candidates: number[] } {
  const prompt: number[] = [];
  const candidates: number[] = [];
  for (const row of rows) (isAssistant(source, row) ? candidates : prompt).push(row);
  return { prompt, candidates };
}

/** Explicit labels dominate rewards, which dominate "unscored" (0). */
export function preferenceScore(source: Signals, row: number): number {
  const label = source.signals.label.at(row);
  if (label === 'chosen') return Infinity;
  if (label === 'rejected') return -Infinity;
  const value = source.signals.reward.at(row);
  return Number.isNaN(value) ? 0 : value;
}

function unpairedLabel(source: Signals, row: number, minReward: number | undefined): boolean | undefined {
  const label = source.signals.label.at(row);
  if (label === 'chosen') return true;
  if (label === 'rejected') return false;
  const value = source.signals.reward.at(row);
  if (Number.isNaN(value) || minReward === undefined) return undefined;
  return value >= minReward;
}

/** Rust's `f64::total_cmp` for the values scores can take (no NaN): −0 sorts below +0. */
function totalCmp(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === 0 && b === 0) return (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1);
  return 0;
}

/**
 * Stable insertion sort: what Rust's `sort_by` does for the short slices of a
 * candidate list, so even an inconsistent comparator (mixed ranked/unranked
 * candidates) yields the same order as lance-context.
 */
function insertionSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i;
    while (j > 0 && compare(item, items[j - 1]) < 0) {
      items[j] = items[j - 1];
      j--;
    }
    items[j] = item;
  }
  return items;
}

function promptAndCandidates(source: Signals, rows: Int32Array): [number[], number[]] {
  const { prompt, candidates } = splitPromptCandidates(source, rows);
  return [prompt, candidates];
}

/** The preference examples of one prompt and its candidates, exactly as lance-context's exporters decide them for a group. */
function preferenceSpecsOf(source: Signals, prompt: number[], candidates: number[], settings: ExampleSettings): GroupExamples {
  if (candidates.length === 0) return { specs: [], skipped: 'no_candidates' };
  switch (settings.form) {
    case 'paired': {
      if (candidates.length < 2) return { specs: [], skipped: 'single_candidate' };
      let best = candidates[0];
      let worst = candidates[0];
      for (const candidate of candidates) {
        if (preferenceScore(source, candidate) > preferenceScore(source, best)) best = candidate;
        if (preferenceScore(source, candidate) < preferenceScore(source, worst)) worst = candidate;
      }
      if (source.table.id.equals(best, worst)) return { specs: [], skipped: 'no_preference_signal' };
      return { specs: [{ form: 'paired', prompt, chosen: best, rejected: worst }] };
    }
    case 'unpaired': {
      const specs: ExampleSpec[] = [];
      for (const candidate of candidates) {
        const label = unpairedLabel(source, candidate, settings.minReward);
        if (label !== undefined) specs.push({ form: 'unpaired', prompt, completion: candidate, label });
      }
      return specs.length > 0 ? { specs } : { specs, skipped: 'no_labels' };
    }
    case 'ranked': {
      const rank = (row: number) => source.signals.rank.at(row);
      const ordered = insertionSort([...candidates], (a, b) => {
        const ra = rank(a);
        const rb = rank(b);
        if (!Number.isNaN(ra) && !Number.isNaN(rb)) return ra - rb;
        return totalCmp(preferenceScore(source, b), preferenceScore(source, a));
      });
      return {
        specs: [{ form: 'ranked', prompt, candidates: ordered.map((row, index) => ({ row, rank: Number.isNaN(rank(row)) ? index + 1 : rank(row) })) }],
      };
    }
  }
}

function rolloutSpec(source: Signals, group: Group): GroupExamples {
  const { prompt, candidates } = splitPromptCandidates(source, group.rows);
  if (candidates.length === 0) return { specs: [], skipped: 'no_candidates' };
  const groupId = candidates.map((row) => source.signals.groupId.at(row)).find((id) => id !== undefined);
  return { specs: [{ form: 'rollout', prompt, responses: candidates, groupId }] };
}
