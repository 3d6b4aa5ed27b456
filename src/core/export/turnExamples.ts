import type { ExampleSpec } from './decideExamples';
import type { Group } from './groupList';
import type { RecordSource } from './recordSource';
import { isAssistantRow, opensTurn } from './preferenceSpecsByTurn';

type Source = Pick<RecordSource, 'table' | 'signals'>;

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


/** The turn (and the message opening it) of every row of a group, in conversation order. */
function turnsOf(source: Source, rows: ArrayLike<number>): Map<number, { turn: number; opener?: number }> {
  const turns = new Map<number, { turn: number; opener?: number }>();
  let turn = 0;
  let opener: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (opensTurn(source, row)) {
      turn++;
      opener = row;
    }
    turns.set(row, { turn, opener });
  }
  return turns;
}

/** The rows an example offers as answers to compare (a group's candidates for each unpaired line). */
function comparedRows(source: Source, group: Group, spec: ExampleSpec): number[] {
  switch (spec.form) {
    case 'paired':
      return [spec.chosen, spec.rejected];
    case 'ranked':
      return spec.candidates.map((c) => c.row);
    case 'unpaired':
      return Array.from(group.rows).filter((row) => isAssistantRow(source, row));
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
export function candidateTurnSpan(source: Source, group: Group, spec: ExampleSpec): CandidateTurn[] | undefined {
  if ('rows' in spec && spec.rows) return undefined;
  const compared = comparedRows(source, group, spec);
  if (compared.length < 2) return undefined;
  const turns = turnsOf(source, group.rows);
  const byTurn = new Map<number, CandidateTurn>();
  for (const row of compared) {
    const { turn, opener } = turns.get(row)!;
    let entry = byTurn.get(turn);
    if (!entry) byTurn.set(turn, (entry = { turn, ...(opener !== undefined ? { opener: source.table.id.at(opener) } : {}), candidates: [] }));
    entry.candidates.push(source.table.id.at(row));
  }
  if (byTurn.size < 2) return undefined;
  return [...byTurn.values()].sort((a, b) => a.turn - b.turn);
}
