import { rebuildMessage } from '../formats/sourceMessage';
import type { ExampleSpec, PlannedExamples, RecordSource, SkipReason } from './examplePlan';
import type { Group } from './groupRows';

type View = Pick<RecordSource, 'table' | 'signals'> & { texts?: RecordSource['texts'] };

/** A mark on an example the export writes unchanged, for the preview to explain. */
export type ExampleFlag = 'candidates_span_turns';

/** One turn a flagged example's candidates answer: the 1-based turn, the message that opened it, and the candidates. */
export interface CandidateTurn {
  /** 1-based count of user and tool messages up to the candidates (0: before any). */
  turn: number;
  /** The id of the user or tool message the candidates answer (absent for turn 0). */
  opener?: string;
  /** Ids of the example's candidates that answer it. */
  candidates: string[];
}

const lower = (view: View, row: number) => view.table.role[row].toLowerCase();
const isAssistant = (view: View, row: number) => lower(view, row) === 'assistant';
/** A user or tool message starts a new turn: the assistant records after it answer it. */
const opensTurn = (view: View, row: number) => {
  const role = lower(view, row);
  return role === 'user' || role === 'tool';
};

/** The turn (and the message opening it) of every row of a group, in conversation order. */
function turnsOf(view: View, rows: ArrayLike<number>): Map<number, { turn: number; opener?: number }> {
  const turns = new Map<number, { turn: number; opener?: number }>();
  let turn = 0;
  let opener: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (opensTurn(view, row)) {
      turn++;
      opener = row;
    }
    turns.set(row, { turn, opener });
  }
  return turns;
}

/** The rows an example offers as answers to compare (a group's candidates for each unpaired line). */
function comparedRows(view: View, group: Group, spec: ExampleSpec): number[] {
  switch (spec.form) {
    case 'paired':
      return [spec.chosen, spec.rejected];
    case 'ranked':
      return spec.candidates.map((c) => c.row);
    case 'unpaired':
      return Array.from(group.rows).filter((row) => isAssistant(view, row));
    default:
      return [];
  }
}

/**
 * The turns a preference example's candidates answer, when they answer more
 * than one (export.rs pairs a whole group's assistant records, so with a
 * conversation grouping a pair can set an answer to one question against an
 * answer to a later one); undefined when they answer one turn.
 */
export function candidateTurnSpan(view: View, group: Group, spec: ExampleSpec): CandidateTurn[] | undefined {
  if ('rows' in spec && spec.rows) return undefined;
  const compared = comparedRows(view, group, spec);
  if (compared.length < 2) return undefined;
  const turns = turnsOf(view, group.rows);
  const byTurn = new Map<number, CandidateTurn>();
  for (const row of compared) {
    const { turn, opener } = turns.get(row)!;
    let entry = byTurn.get(turn);
    if (!entry) byTurn.set(turn, (entry = { turn, ...(opener !== undefined ? { opener: view.table.id[opener] } : {}), candidates: [] }));
    entry.candidates.push(view.table.id[row]);
  }
  if (byTurn.size < 2) return undefined;
  return [...byTurn.values()].sort((a, b) => a.turn - b.turn);
}

/** Whether an assistant record calls tools, read from its message as the trainer formats rebuild it (`metadata.raw_message`). */
export function callsTools(view: View, row: number): boolean {
  const metadataText = view.table.metadata.text(row);
  let metadata: Record<string, unknown> | undefined;
  if (metadataText !== null) {
    try {
      const value: unknown = JSON.parse(metadataText);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) metadata = value as Record<string, unknown>;
    } catch {
      metadata = undefined;
    }
  }
  const message = rebuildMessage({
    id: view.table.id[row],
    role: view.table.role[row],
    text: view.texts?.text(row) ?? null,
    contentType: view.table.contentType[row],
    metadata,
  });
  return Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
}

/** Label, then rank (lower is better), then reward: how an earlier turn's best candidate is chosen; ties keep the first. */
function better(view: View, a: number, b: number): boolean {
  const labelScore = (row: number) => (view.signals.label[row] === 'chosen' ? 1 : view.signals.label[row] === 'rejected' ? -1 : 0);
  if (labelScore(a) !== labelScore(b)) return labelScore(a) > labelScore(b);
  const ra = view.signals.rank[a];
  const rb = view.signals.rank[b];
  if (!Number.isNaN(ra) || !Number.isNaN(rb)) {
    if (Number.isNaN(rb)) return true;
    if (Number.isNaN(ra)) return false;
    if (ra !== rb) return ra < rb;
  }
  const reward = (row: number) => (Number.isNaN(view.signals.reward[row]) ? 0 : view.signals.reward[row]);
  return reward(a) > reward(b);
}

/**
 * Preference examples per turn (`--pair-scope turn`): the conversation is cut
 * at each user or tool message; the assistant records up to the next one are
 * the candidates answering it, tool-calling ones compared only among
 * themselves and final answers among themselves. The prompt is the
 * conversation before the candidates, where an earlier turn with several
 * candidates contributes its best one. `specsOf` decides each set as the
 * group-scope planner decides a group; each spec carries its prompt and
 * candidate rows for provenance.
 */
export function preferenceSpecsByTurn(view: View, rows: Int32Array, specsOf: (prompt: number[], candidates: number[]) => PlannedExamples): PlannedExamples {
  const position = new Map<number, number>();
  rows.forEach((row, i) => position.set(row, i));
  const history: number[] = [];
  let pending: number[] = [];
  let deferred: number[] = [];
  const specs: ExampleSpec[] = [];
  let skipped: SkipReason | undefined;
  const flush = () => {
    if (pending.length === 0) return;
    const prompt = [...history];
    const tools = pending.filter((row) => callsTools(view, row));
    const finals = pending.filter((row) => !tools.includes(row));
    const sets = [finals, tools].filter((set) => set.length > 0).sort((a, b) => position.get(a[0])! - position.get(b[0])!);
    for (const candidates of sets) {
      const planned = specsOf(prompt, candidates);
      const used = [...prompt, ...candidates].sort((a, b) => position.get(a)! - position.get(b)!);
      for (const spec of planned.specs) specs.push(spec.form === 'sft' || spec.form === 'rollout' ? spec : { ...spec, rows: used });
      if (planned.skipped) skipped ??= planned.skipped;
    }
    history.push(pending.reduce((best, row) => (better(view, row, best) ? row : best)), ...deferred);
    pending = [];
    deferred = [];
  };
  for (const row of rows) {
    if (isAssistant(view, row)) pending.push(row);
    else if (opensTurn(view, row)) {
      flush();
      history.push(row);
    } else (pending.length > 0 ? deferred : history).push(row);
  }
  flush();
  return specs.length > 0 ? { specs } : { specs, skipped: skipped ?? 'no_candidates' };
}
