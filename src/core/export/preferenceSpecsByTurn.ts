import type { RecordSource } from './recordSource';

/** What the per-turn decision reads of records: roles, ids, metadata and payloads (when there), and the preference signals. */
type Source = Pick<RecordSource, 'table' | 'signals'> & Partial<Pick<RecordSource, 'texts'>>;

const lower = (source: Source, row: number) => source.table.role.at(row).toLowerCase();
export const isAssistantRow = (source: Source, row: number) => lower(source, row) === 'assistant';
/** A user or tool message starts a new turn: the assistant records after it answer it. */
export const opensTurn = (source: Source, row: number) => {
  const role = lower(source, row);
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
export function callsTools(source: Source, row: number): boolean {
  const raw = objectOf(source.table.metadata.text(row))?.raw_message as Record<string, unknown> | undefined;
  const role = source.table.role.at(row).toLowerCase();
  const message =
    raw && typeof raw === 'object' && typeof raw.role === 'string' && raw.role.toLowerCase() === role
      ? raw
      : source.table.contentType.at(row) === 'application/json'
        ? objectOf(source.texts?.text(row))
        : undefined;
  return Array.isArray(message?.tool_calls) && (message.tool_calls as unknown[]).length > 0;
}

/** Label, then rank (lower is better), then reward: how an earlier turn's best candidate is chosen; ties keep the first. */
function better(source: Source, a: number, b: number): boolean {
  const labelScore = (row: number) => (source.signals.label.at(row) === 'chosen' ? 1 : source.signals.label.at(row) === 'rejected' ? -1 : 0);
  if (labelScore(a) !== labelScore(b)) return labelScore(a) > labelScore(b);
  const ra = source.signals.rank.at(a);
  const rb = source.signals.rank.at(b);
  if (!Number.isNaN(ra) || !Number.isNaN(rb)) {
    if (Number.isNaN(rb)) return true;
    if (Number.isNaN(ra)) return false;
    if (ra !== rb) return ra < rb;
  }
  const reward = (row: number) => (Number.isNaN(source.signals.reward.at(row)) ? 0 : source.signals.reward.at(row));
  return reward(a) > reward(b);
}

/**
 * Preference examples per turn (`--pair-scope turn`): the conversation is cut
 * at each user or tool message; the assistant records up to the next one are
 * the candidates answering it, tool-calling ones compared only among
 * themselves and final answers among themselves. The prompt is the
 * conversation before the candidates, where an earlier turn with several
 * candidates contributes its best one. `specsOf` decides each set as the
 * group-scope `decideExamples` decides a group; `withRows` gives each spec its prompt
 * and candidate rows (conversation order) for provenance.
 */
export function preferenceSpecsByTurn<S, R extends string>(
  source: Source,
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
    const tools = pending.filter((row) => callsTools(source, row));
    const finals = pending.filter((row) => !tools.includes(row));
    const sets = [finals, tools].filter((set) => set.length > 0).sort((a, b) => position.get(a[0])! - position.get(b[0])!);
    for (const candidates of sets) {
      const decided = specsOf(prompt, candidates);
      const used = [...prompt, ...candidates].sort((a, b) => position.get(a)! - position.get(b)!);
      for (const spec of decided.specs) specs.push(withRows(spec, used));
      if (decided.skipped) skipped ??= decided.skipped;
    }
    history.push(pending.reduce((best, row) => (better(source, row, best) ? row : best)), ...deferred);
    pending = [];
    deferred = [];
  };
  for (const row of rows) {
    if (isAssistantRow(source, row)) pending.push(row);
    else if (opensTurn(source, row)) {
      flush();
      history.push(row);
    } else (pending.length > 0 ? deferred : history).push(row);
  }
  flush();
  return specs.length > 0 ? { specs } : { specs, skipped: skipped ?? 'no_candidates' };
}
