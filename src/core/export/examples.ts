import { F64, f64 } from '../json/rustJson';
import { RecordSignals } from '../curate/recordSignals';
import { RowTable } from '../store/rowTable';
import { TextColumn } from '../store/payloadColumns';
import { formatMicros } from '../time/rfc3339';
import { ExportTask, PreferenceForm } from './exportConfig';
import { Group } from './grouping';

/** What the example builders read about records. */
export interface RecordView {
  table: RowTable;
  signals: RecordSignals;
  texts: TextColumn;
  contextUri: string;
  version: number;
}

interface Message {
  role: string;
  content: string;
}

export interface ExampleSettings {
  task: ExportTask;
  form: PreferenceForm;
  minReward: number | undefined;
}

/**
 * The examples of a group; `picks[i]` lists the rows example `i` presents as
 * completions (chosen then rejected, ranked order, responses; all rows for SFT),
 * so a preview can show their rewards and labels beside them.
 */
export interface BuiltExamples {
  examples: object[];
  picks: number[][];
  skipped?: SkipReason;
}

/** Why a group produced no example (for the preview's explanations). */
export type SkipReason = 'no_candidates' | 'single_candidate' | 'no_preference_signal' | 'no_labels';

/**
 * Builds the examples of one group exactly as lance-context's exporters do;
 * returns the JSON-ready objects (floats wrapped for Rust formatting).
 */
export function buildExamples(view: RecordView, group: Group, settings: ExampleSettings): BuiltExamples {
  switch (settings.task) {
    case 'sft':
      return { examples: [sftExample(view, group)], picks: [Array.from(group.rows)] };
    case 'rollout':
      return rolloutExample(view, group);
    case 'preference':
      return preferenceExamples(view, group, settings);
  }
}

function message(view: RecordView, row: number): Message {
  return { role: view.table.role[row], content: view.texts.text(row) ?? '' };
}

function reward(view: RecordView, row: number): F64 | undefined {
  const value = view.signals.reward[row];
  return Number.isNaN(value) ? undefined : f64(value);
}

/** Provenance of a group, as export.rs builds it. */
export function provenance(view: RecordView, rows: Int32Array): object {
  const { table } = view;
  const first = rows[0];
  let start = Infinity;
  let end = -Infinity;
  const externalIds: string[] = [];
  const recordIds: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    recordIds[i] = table.id[row];
    const createdAt = table.createdAt[row];
    if (createdAt < start) start = createdAt;
    if (createdAt > end) end = createdAt;
    const externalId = table.externalId[row];
    if (externalId !== null) externalIds.push(externalId);
  }
  return {
    context_uri: view.contextUri,
    version: view.version,
    record_ids: recordIds,
    external_ids: externalIds.length > 0 ? externalIds : undefined,
    tenant: table.tenant[first] ?? undefined,
    source: table.source[first] ?? undefined,
    bot_id: table.botId[first] ?? undefined,
    session_id: table.sessionId[first] ?? undefined,
    run_id: table.runId[first],
    created_at_start: formatMicros(start),
    created_at_end: formatMicros(end),
  };
}

function sftExample(view: RecordView, group: Group): object {
  let best: number | undefined;
  for (const row of group.rows) {
    const value = view.signals.reward[row];
    if (!Number.isNaN(value) && (best === undefined || value > best)) best = value;
  }
  return {
    messages: Array.from(group.rows, (row) => message(view, row)),
    reward: best === undefined ? undefined : f64(best),
    provenance: provenance(view, group.rows),
  };
}

function isAssistant(view: RecordView, row: number): boolean {
  return view.table.role[row].toLowerCase() === 'assistant';
}

/** Leading and interleaved non-assistant turns form the prompt; assistant turns are candidates. */
export function splitPromptCandidates(view: RecordView, rows: Int32Array): { prompt: Message[]; candidates: number[] } {
  const prompt: Message[] = [];
  const candidates: number[] = [];
  for (const row of rows) {
    if (isAssistant(view, row)) candidates.push(row);
    else prompt.push(message(view, row));
  }
  return { prompt, candidates };
}

/** Explicit labels dominate rewards, which dominate "unscored" (0). */
export function preferenceScore(view: RecordView, row: number): number {
  const label = view.signals.label[row];
  if (label === 'chosen') return Infinity;
  if (label === 'rejected') return -Infinity;
  const value = view.signals.reward[row];
  return Number.isNaN(value) ? 0 : value;
}

function unpairedLabel(view: RecordView, row: number, minReward: number | undefined): boolean | undefined {
  const label = view.signals.label[row];
  if (label === 'chosen') return true;
  if (label === 'rejected') return false;
  const value = view.signals.reward[row];
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

function preferenceExamples(view: RecordView, group: Group, settings: ExampleSettings): BuiltExamples {
  const { prompt, candidates } = splitPromptCandidates(view, group.rows);
  if (candidates.length === 0) return { examples: [], picks: [], skipped: 'no_candidates' };
  const prov = provenance(view, group.rows);
  switch (settings.form) {
    case 'paired': {
      if (candidates.length < 2) return { examples: [], picks: [], skipped: 'single_candidate' };
      let best = candidates[0];
      let worst = candidates[0];
      for (const candidate of candidates) {
        if (preferenceScore(view, candidate) > preferenceScore(view, best)) best = candidate;
        if (preferenceScore(view, candidate) < preferenceScore(view, worst)) worst = candidate;
      }
      if (view.table.id[best] === view.table.id[worst]) return { examples: [], picks: [], skipped: 'no_preference_signal' };
      return {
        examples: [{ form: 'paired', prompt, chosen: [message(view, best)], rejected: [message(view, worst)], provenance: prov }],
        picks: [[best, worst]],
      };
    }
    case 'unpaired': {
      const examples: object[] = [];
      const picks: number[][] = [];
      for (const candidate of candidates) {
        const label = unpairedLabel(view, candidate, settings.minReward);
        if (label === undefined) continue;
        examples.push({ form: 'unpaired', prompt, completion: [message(view, candidate)], label, provenance: prov });
        picks.push([candidate]);
      }
      return examples.length > 0 ? { examples, picks } : { examples, picks, skipped: 'no_labels' };
    }
    case 'ranked': {
      const rank = (row: number) => view.signals.rank[row];
      const ordered = insertionSort([...candidates], (a, b) => {
        const ra = rank(a);
        const rb = rank(b);
        if (!Number.isNaN(ra) && !Number.isNaN(rb)) return ra - rb;
        return totalCmp(preferenceScore(view, b), preferenceScore(view, a));
      });
      const ranked = ordered.map((row, index) => ({
        messages: [message(view, row)],
        rank: Number.isNaN(rank(row)) ? index + 1 : rank(row),
        reward: reward(view, row),
      }));
      return { examples: [{ form: 'ranked', prompt, candidates: ranked, provenance: prov }], picks: [ordered] };
    }
  }
}

function rolloutExample(view: RecordView, group: Group): BuiltExamples {
  const { prompt, candidates } = splitPromptCandidates(view, group.rows);
  if (candidates.length === 0) return { examples: [], picks: [], skipped: 'no_candidates' };
  const responses = candidates.map((row) => ({
    messages: [message(view, row)],
    reward: reward(view, row),
    reward_source: view.signals.rewardSource[row],
  }));
  const groupId = candidates.map((row) => view.signals.groupId[row]).find((id) => id !== undefined);
  return { examples: [{ prompt, responses, group_id: groupId, provenance: provenance(view, group.rows) }], picks: [candidates] };
}
