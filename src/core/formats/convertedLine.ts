import { ExampleForm } from './formatExample';

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
