import type { RecordSignals } from '../listing/recordSignals';
import type { TextColumn } from '../store/payloadColumns';
import type { RowTable } from '../store/rowTable';

/** What the per-turn planner reads of records: roles, ids, metadata and payloads, and the preference signals. */
export interface TurnView {
  table: RowTable;
  signals: RecordSignals;
  texts?: TextColumn;
}

const lower = (view: TurnView, row: number) => view.table.role.at(row).toLowerCase();
export const isAssistantRow = (view: TurnView, row: number) => lower(view, row) === 'assistant';
/** A user or tool message starts a new turn: the assistant records after it answer it. */
export const opensTurn = (view: TurnView, row: number) => {
  const role = lower(view, row);
  return role === 'user' || role === 'tool';
};

function objectOf(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an assistant record calls tools, read where the trainer formats
 * rebuild its message from: `metadata.raw_message` of its role, else an
 * `application/json` payload (lance-context's tool-only messages).
 */
export function callsTools(view: TurnView, row: number): boolean {
  const raw = objectOf(view.table.metadata.text(row))?.raw_message as Record<string, unknown> | undefined;
  const role = view.table.role.at(row).toLowerCase();
  const message =
    raw && typeof raw === 'object' && typeof raw.role === 'string' && raw.role.toLowerCase() === role
      ? raw
      : view.table.contentType.at(row) === 'application/json'
        ? objectOf(view.texts?.text(row))
        : undefined;
  return Array.isArray(message?.tool_calls) && (message.tool_calls as unknown[]).length > 0;
}

/** Label, then rank (lower is better), then reward: how an earlier turn's best candidate is chosen; ties keep the first. */
function better(view: TurnView, a: number, b: number): boolean {
  const labelScore = (row: number) => (view.signals.label.at(row) === 'chosen' ? 1 : view.signals.label.at(row) === 'rejected' ? -1 : 0);
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
 * group-scope planner decides a group; `withRows` gives each spec its prompt
 * and candidate rows (conversation order) for provenance.
 */
export function preferenceSpecsByTurn<S, R extends string>(
  view: TurnView,
  rows: Int32Array,
  specsOf: (prompt: number[], candidates: number[]) => { specs: S[]; skipped?: R },
  withRows: (spec: S, rows: number[]) => S,
): { specs: S[]; skipped?: R | 'no_candidates' } {
  const position = new Map<number, number>();
  rows.forEach((row, i) => position.set(row, i));
  const history: number[] = [];
  let pending: number[] = [];
  let deferred: number[] = [];
  const specs: S[] = [];
  let skipped: R | undefined;
  const flush = () => {
    if (pending.length === 0) return;
    const prompt = [...history];
    const tools = pending.filter((row) => callsTools(view, row));
    const finals = pending.filter((row) => !tools.includes(row));
    const sets = [finals, tools].filter((set) => set.length > 0).sort((a, b) => position.get(a[0])! - position.get(b[0])!);
    for (const candidates of sets) {
      const planned = specsOf(prompt, candidates);
      const used = [...prompt, ...candidates].sort((a, b) => position.get(a)! - position.get(b)!);
      for (const spec of planned.specs) specs.push(withRows(spec, used));
      if (planned.skipped) skipped ??= planned.skipped;
    }
    history.push(pending.reduce((best, row) => (better(view, row, best) ? row : best)), ...deferred);
    pending = [];
    deferred = [];
  };
  for (const row of rows) {
    if (isAssistantRow(view, row)) pending.push(row);
    else if (opensTurn(view, row)) {
      flush();
      history.push(row);
    } else (pending.length > 0 ? deferred : history).push(row);
  }
  flush();
  return specs.length > 0 ? { specs } : { specs, skipped: skipped ?? 'no_candidates' };
}
