import { Dropped } from './conversationTurns';
import { ExampleForm, FormatRecord, RankedCandidate } from './formatExample';
import { rankedPairs, RankedPairsMode } from './rankedPairs';

/** One trainer line ready to serialise (`JSON.stringify(line)` + `\n`), with what its sidecar line needs. */
export interface ConvertedLine {
  line: Record<string, unknown>;
  form: ExampleForm;
  /** The line's reward: SFT the example's, paired/unpaired/ranked the completion's (chosen's), rollout the best response's. */
  reward?: number;
  /** Records the line is built from, prompt first. */
  recordIds: string[];
}

/** An example (or ranked pair) a trainer would reject: not written, counted with its reason. */
export interface DroppedLine {
  dropped: string;
  form: ExampleForm;
  recordIds: string[];
}

export type LineOutcome = ConvertedLine | DroppedLine;

export function isDroppedLine(outcome: LineOutcome): outcome is DroppedLine {
  return 'dropped' in outcome;
}

/**
 * The lines of a ranked list in either trainer format: one per preference
 * pair the mode takes (each with its own records), or one dropped outcome when
 * no two candidates differ in rank. `pairLine` builds a pair's trainer line.
 */
export function rankedOutcomes(
  prompt: FormatRecord[],
  candidates: RankedCandidate[],
  mode: RankedPairsMode | undefined,
  pairLine: (chosen: FormatRecord, rejected: FormatRecord) => Record<string, unknown> | Dropped,
): LineOutcome[] {
  const promptIds = prompt.map((r) => r.id);
  const pairs = rankedPairs(candidates, mode);
  if (pairs.length === 0) {
    return [{ dropped: 'no two candidates of different rank', form: 'ranked', recordIds: [...promptIds, ...candidates.map((c) => c.record.id)] }];
  }
  return pairs.map(({ chosen, rejected }): LineOutcome => {
    const recordIds = [...promptIds, chosen.record.id, rejected.record.id];
    const line = pairLine(chosen.record, rejected.record);
    if ('dropped' in line) return { ...(line as Dropped), form: 'ranked', recordIds };
    return { line, form: 'ranked', reward: chosen.record.reward, recordIds };
  });
}
