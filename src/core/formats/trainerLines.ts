import { CuratorError } from '../errors';
import { bestResponse } from './bestResponse';
import { LineOutcome, rankedOutcomes } from './convertedLine';
import { Dropped, isDropped, Turn } from './conversationTurns';
import { promptAndCompletions, promptProblem, turnsOf } from './exampleTurns';
import { ExampleForm, FormatExampleBody, FormatRecord } from './formatExample';
import { RankedPairsMode } from './rankedPairs';
import { ToolSchema } from './toolSchemas';

/**
 * What one trainer flavour writes its own way: its messages, the checks its
 * trainer adds, where a preference line keeps its parts and a rollout line its
 * prompt. Everything else about a line (record ids, tools, the rollout's
 * reward columns, ranked pairs) is written once, by {@link trainerLines}.
 */
export interface LineFlavour {
  /** Turns as this flavour's messages for a line of `form`, or why they cannot be written. */
  messages(turns: Turn[], form: ExampleForm): object[] | Dropped;
  /** Why an SFT conversation is not trainable, or undefined. */
  conversationProblem(turns: Turn[]): string | undefined;
  /** Preference lines (paired, ranked pairs, unpaired). */
  preference: {
    /** Roles the prompt may end in. */
    promptEnds: ReadonlySet<string>;
    /** Why an output is not acceptable, or undefined; absent when the trainer takes any assistant turn. */
    outputProblem?(turn: Turn): string | undefined;
    /** The line from the prompt's messages and one message per output, with the tools where the flavour keeps them. */
    line(prompt: object[], chosen: object, rejected: object, tools: ToolSchema[]): Record<string, unknown>;
    /** Whether a ranked pair may carry `margin` (chosen reward − rejected reward). */
    margin: boolean;
  };
  /** Rollout lines: the prompt's key and the roles it may end in. */
  rollout: { promptKey: string; promptEnds: ReadonlySet<string> };
  /** Forms the flavour has no line for, with the error to throw before anything is read. */
  refusals?: Partial<Record<ExampleForm, () => CuratorError>>;
}

export interface LineOptions {
  tools: ToolSchema[];
  rankedPairs: RankedPairsMode;
  /** Write `margin` on ranked pairs where both rewards are known (flavours with that column). */
  margin: boolean;
}

const ids = (records: FormatRecord[]) => records.map((r) => r.id);

/** The line with `tools` added when there are any (every flavour writes tools this way). */
export function withTools(line: Record<string, unknown>, tools: ToolSchema[]): Record<string, unknown> {
  if (tools.length > 0) line.tools = tools;
  return line;
}

function outcomeOf(form: ExampleForm, recordIds: string[], line: Record<string, unknown> | Dropped, reward: number | undefined): LineOutcome {
  return isDropped(line) ? { dropped: line.dropped, form, recordIds } : { line, form, reward, recordIds };
}

function sftLine(flavour: LineFlavour, records: FormatRecord[], tools: ToolSchema[]): Record<string, unknown> | Dropped {
  const turns = turnsOf(records);
  if (isDropped(turns)) return turns;
  const problem = flavour.conversationProblem(turns);
  if (problem) return { dropped: problem };
  const messages = flavour.messages(turns, 'sft');
  if (isDropped(messages)) return messages;
  return withTools({ messages }, tools);
}

/** A prompt's messages and one list of messages per completion, after the flavour's preference checks. */
function promptedMessages(flavour: LineFlavour, form: ExampleForm, prompt: FormatRecord[], completions: FormatRecord[]): { prompt: object[]; completions: object[] } | Dropped {
  const split = promptAndCompletions(prompt, completions);
  if (isDropped(split)) return split;
  let problem = promptProblem(split.prompt, flavour.preference.promptEnds);
  for (const turn of split.completions) problem ??= flavour.preference.outputProblem?.(turn);
  if (problem) return { dropped: problem };
  const promptMessages = flavour.messages(split.prompt, form);
  if (isDropped(promptMessages)) return promptMessages;
  const outputs = flavour.messages(split.completions, form);
  if (isDropped(outputs)) return outputs;
  return { prompt: promptMessages, completions: outputs };
}

function pairLine(flavour: LineFlavour, form: ExampleForm, prompt: FormatRecord[], chosen: FormatRecord, rejected: FormatRecord, tools: ToolSchema[]): Record<string, unknown> | Dropped {
  const messages = promptedMessages(flavour, form, prompt, [chosen, rejected]);
  if (isDropped(messages)) return messages;
  return flavour.preference.line(messages.prompt, messages.completions[0], messages.completions[1], tools);
}

function unpairedLine(flavour: LineFlavour, prompt: FormatRecord[], completion: FormatRecord, label: boolean, tools: ToolSchema[]): Record<string, unknown> | Dropped {
  const messages = promptedMessages(flavour, 'unpaired', prompt, [completion]);
  if (isDropped(messages)) return messages;
  return withTools({ prompt: messages.prompt, completion: messages.completions, label }, tools);
}

function rolloutLine(flavour: LineFlavour, prompt: FormatRecord[], best: FormatRecord | undefined, groupId: string | undefined, tools: ToolSchema[]): Record<string, unknown> | Dropped {
  const turns = turnsOf(prompt);
  if (isDropped(turns)) return turns;
  const problem = promptProblem(turns, flavour.rollout.promptEnds);
  if (problem) return { dropped: problem };
  const messages = flavour.messages(turns, 'rollout');
  if (isDropped(messages)) return messages;
  const line = withTools({ [flavour.rollout.promptKey]: messages }, tools);
  if (best?.reward !== undefined) line.reward = best.reward;
  if (best?.rewardSource !== undefined) line.reward_source = best.rewardSource;
  if (groupId !== undefined) line.group_id = groupId;
  return line;
}

/**
 * The lines of one example in a trainer flavour: SFT `{messages, tools?}`;
 * paired and ranked pairs → the flavour's preference line (ranked: one per
 * pair the mode takes, `margin` where the flavour has it); unpaired
 * `{prompt, completion, label, tools?}`; rollout `{<prompt key>, tools?,
 * reward?, reward_source?, group_id?}` (the extra columns go to reward
 * functions or graders, from the best response).
 *
 * @throws CuratorError from the flavour's refusal of a form it has no line for.
 */
export function trainerLines(example: FormatExampleBody, flavour: LineFlavour, options: LineOptions): LineOutcome[] {
  const refusal = flavour.refusals?.[example.form];
  if (refusal) throw refusal();
  const { tools } = options;
  switch (example.form) {
    case 'sft':
      return [outcomeOf('sft', ids(example.records), sftLine(flavour, example.records, tools), example.reward)];
    case 'paired': {
      const recordIds = [...ids(example.prompt), example.chosen.id, example.rejected.id];
      return [outcomeOf('paired', recordIds, pairLine(flavour, 'paired', example.prompt, example.chosen, example.rejected, tools), example.chosen.reward)];
    }
    case 'unpaired': {
      const recordIds = [...ids(example.prompt), example.completion.id];
      return [outcomeOf('unpaired', recordIds, unpairedLine(flavour, example.prompt, example.completion, example.label, tools), example.completion.reward)];
    }
    case 'ranked':
      return rankedOutcomes(example.prompt, example.candidates, options.rankedPairs, (chosen, rejected) => {
        const line = pairLine(flavour, 'ranked', example.prompt, chosen, rejected, tools);
        if (isDropped(line) || !options.margin || !flavour.preference.margin) return line;
        if (chosen.reward !== undefined && rejected.reward !== undefined) line.margin = chosen.reward - rejected.reward;
        return line;
      });
    case 'rollout': {
      const recordIds = [...ids(example.prompt), ...ids(example.responses)];
      const best = bestResponse(example.responses);
      return [outcomeOf('rollout', recordIds, rolloutLine(flavour, example.prompt, best, example.groupId, tools), best?.reward)];
    }
  }
}
