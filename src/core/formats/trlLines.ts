import { ConvertedLine, LineOutcome, rankedOutcomes } from './convertedLine';
import { bestResponse } from './bestResponse';
import { Dropped } from './conversationTurns';
import { promptAndCompletions, promptProblem, turnsOf } from './exampleTurns';
import { FormatExampleBody, FormatRecord } from './formatExample';
import { RankedPairsMode } from './rankedPairs';
import { ToolSchema } from './toolSchemas';
import { trlMessages } from './trlMessages';

export interface TrlLineOptions {
  tools: ToolSchema[];
  rankedPairs: RankedPairsMode;
  /** Write `margin` (chosen reward − rejected reward) on ranked pairs where both rewards are known. */
  margin: boolean;
}

/** A prompt may end in a user or tool turn: `apply_chat_template` then adds the generation prompt. */
const PROMPT_ENDS = new Set(['user', 'tool']);

const ids = (records: FormatRecord[]) => records.map((r) => r.id);

function withTools(line: Record<string, unknown>, tools: ToolSchema[]): Record<string, unknown> {
  if (tools.length > 0) line.tools = tools;
  return line;
}

/** A TRL explicit, conversational preference line (never a `label` key). */
function preferenceLine(prompt: FormatRecord[], chosen: FormatRecord, rejected: FormatRecord, options: TrlLineOptions): Record<string, unknown> | Dropped {
  const split = promptAndCompletions(prompt, [chosen, rejected]);
  if ('dropped' in split) return split;
  const problem = promptProblem(split.prompt, PROMPT_ENDS);
  if (problem) return { dropped: problem };
  const promptMessages = trlMessages(split.prompt);
  if ('dropped' in promptMessages) return promptMessages;
  const outputs = trlMessages(split.completions);
  if ('dropped' in outputs) return outputs;
  return { prompt: promptMessages, chosen: [outputs[0]], rejected: [outputs[1]] };
}

/**
 * The TRL lines of one example: SFT `{messages, tools?}`; paired
 * `{prompt, chosen, rejected, tools?}`; unpaired `{prompt, completion, label, tools?}`;
 * ranked → preference lines (`margin` optional); rollout prompt-only
 * `{prompt, tools?, reward?, reward_source?, group_id?}` (GRPO/RLOO hand the
 * extra columns to reward functions).
 */
export function trlLines(example: FormatExampleBody, options: TrlLineOptions): LineOutcome[] {
  const { tools } = options;
  switch (example.form) {
    case 'sft': {
      const recordIds = ids(example.records);
      const turns = turnsOf(example.records);
      if ('dropped' in turns) return [{ ...turns, form: 'sft', recordIds }];
      if (turns.length === 0) return [{ dropped: 'empty conversation', form: 'sft', recordIds }];
      const messages = trlMessages(turns);
      if ('dropped' in messages) return [{ ...messages, form: 'sft', recordIds }];
      return [{ line: withTools({ messages }, tools), form: 'sft', reward: example.reward, recordIds }];
    }
    case 'paired': {
      const recordIds = [...ids(example.prompt), example.chosen.id, example.rejected.id];
      const line = preferenceLine(example.prompt, example.chosen, example.rejected, options);
      if ('dropped' in line) return [{ ...(line as Dropped), form: 'paired', recordIds }];
      return [{ line: withTools(line, tools), form: 'paired', reward: example.chosen.reward, recordIds }];
    }
    case 'unpaired': {
      const recordIds = [...ids(example.prompt), example.completion.id];
      const split = promptAndCompletions(example.prompt, [example.completion]);
      if ('dropped' in split) return [{ ...split, form: 'unpaired', recordIds }];
      const problem = promptProblem(split.prompt, PROMPT_ENDS);
      if (problem) return [{ dropped: problem, form: 'unpaired', recordIds }];
      const prompt = trlMessages(split.prompt);
      if ('dropped' in prompt) return [{ ...prompt, form: 'unpaired', recordIds }];
      const completion = trlMessages(split.completions);
      if ('dropped' in completion) return [{ ...completion, form: 'unpaired', recordIds }];
      return [{ line: withTools({ prompt, completion, label: example.label }, tools), form: 'unpaired', reward: example.completion.reward, recordIds }];
    }
    case 'ranked':
      return rankedOutcomes(example.prompt, example.candidates, options.rankedPairs, (chosen, rejected) => {
        const line = preferenceLine(example.prompt, chosen, rejected, options);
        if ('dropped' in line) return line as Dropped;
        const out = withTools(line, tools);
        if (options.margin && chosen.reward !== undefined && rejected.reward !== undefined) out.margin = chosen.reward - rejected.reward;
        return out;
      });
    case 'rollout': {
      const recordIds = [...ids(example.prompt), ...ids(example.responses)];
      const turns = turnsOf(example.prompt);
      if ('dropped' in turns) return [{ ...turns, form: 'rollout', recordIds }];
      const problem = promptProblem(turns, PROMPT_ENDS);
      if (problem) return [{ dropped: problem, form: 'rollout', recordIds }];
      const prompt = trlMessages(turns);
      if ('dropped' in prompt) return [{ ...prompt, form: 'rollout', recordIds }];
      const best = bestResponse(example.responses);
      const line = withTools({ prompt }, tools);
      if (best?.reward !== undefined) line.reward = best.reward;
      if (best?.rewardSource !== undefined) line.reward_source = best.rewardSource;
      if (example.groupId !== undefined) line.group_id = example.groupId;
      return [{ line, form: 'rollout', reward: best?.reward, recordIds }];
    }
  }
}

