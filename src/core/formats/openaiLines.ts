import { unpairedOpenAiRefusal } from '../options/optionError';
import { bestResponse } from './bestResponse';
import { ConvertedLine, LineOutcome, rankedOutcomes } from './convertedLine';
import { Dropped, Turn } from './conversationTurns';
import { promptAndCompletions, promptProblem, turnsOf } from './exampleTurns';
import { FormatExampleBody, FormatRecord } from './formatExample';
import { openaiMessages } from './openaiMessages';
import { RankedPairsMode } from './rankedPairs';
import { ToolSchema } from './toolSchemas';

export interface OpenAiLineOptions {
  tools: ToolSchema[];
  rankedPairs: RankedPairsMode;
}

/** An RFT prompt must leave something to answer; a trailing developer turn does not. */
const RFT_PROMPT_ENDS = new Set(['user', 'tool', 'assistant']);
/** DPO generates the preferred output after the input: it must end where the model speaks next. */
const DPO_PROMPT_ENDS = new Set(['user', 'tool']);

const ids = (records: FormatRecord[]) => records.map((r) => r.id);

function withTools(line: Record<string, unknown>, tools: ToolSchema[]): Record<string, unknown> {
  if (tools.length > 0) line.tools = tools;
  return line;
}

/** Why an SFT conversation is not trainable on OpenAI (the cookbook's checks), or undefined. */
function sftProblem(turns: Turn[]): string | undefined {
  if (!turns.some((t) => t.role === 'assistant')) return 'no assistant message (OpenAI trains on assistant messages only)';
  for (const turn of turns) {
    if (turn.role === 'assistant' && turn.toolCalls.length === 0 && (turn.content === undefined || turn.content === null || turn.content === '')) {
      return `assistant message ${turn.recordId} has neither content nor tool calls`;
    }
  }
  return undefined;
}

/** Why a DPO output is not acceptable (text only, not empty), or undefined. */
function outputProblem(turn: Turn): string | undefined {
  if (turn.role !== 'assistant') return `output ${turn.recordId} is not an assistant message`;
  if (turn.toolCalls.length > 0) return `output ${turn.recordId} has tool calls; OpenAI preference outputs are text only`;
  if (turn.content === undefined || turn.content === null || turn.content === '') return `output ${turn.recordId} is empty`;
  return undefined;
}

function dpoLine(prompt: FormatRecord[], chosen: FormatRecord, rejected: FormatRecord, tools: ToolSchema[]): Record<string, unknown> | Dropped {
  const split = promptAndCompletions(prompt, [chosen, rejected]);
  if ('dropped' in split) return split;
  const problem = promptProblem(split.prompt, DPO_PROMPT_ENDS) ?? outputProblem(split.completions[0]) ?? outputProblem(split.completions[1]);
  if (problem) return { dropped: problem };
  const messages = openaiMessages(split.prompt, 'dpo');
  if ('dropped' in messages) return messages;
  const outputs = openaiMessages(split.completions, 'dpo');
  if ('dropped' in outputs) return outputs;
  return { input: withTools({ messages }, tools), preferred_output: [outputs[0]], non_preferred_output: [outputs[1]] };
}

/**
 * The OpenAI fine-tuning lines of one example: SFT `{messages, tools?}`;
 * paired and ranked pairs → DPO `{input:{messages, tools?}, preferred_output,
 * non_preferred_output}`; rollout → RFT `{messages, tools?, reward?,
 * reward_source?, group_id?}` (extra keys are grader data).
 *
 * @throws CuratorError (`usage`) for the unpaired form, which OpenAI lacks.
 */
export function openaiLines(example: FormatExampleBody, options: OpenAiLineOptions): LineOutcome[] {
  const { tools } = options;
  switch (example.form) {
    case 'sft': {
      const recordIds = ids(example.records);
      const turns = turnsOf(example.records);
      if ('dropped' in turns) return [{ ...turns, form: 'sft', recordIds }];
      const problem = sftProblem(turns);
      if (problem) return [{ dropped: problem, form: 'sft', recordIds }];
      const messages = openaiMessages(turns, 'sft');
      if ('dropped' in messages) return [{ ...messages, form: 'sft', recordIds }];
      return [{ line: withTools({ messages }, tools), form: 'sft', reward: example.reward, recordIds }];
    }
    case 'paired': {
      const recordIds = [...ids(example.prompt), example.chosen.id, example.rejected.id];
      const line = dpoLine(example.prompt, example.chosen, example.rejected, tools);
      if ('dropped' in line) return [{ ...(line as Dropped), form: 'paired', recordIds }];
      return [{ line, form: 'paired', reward: example.chosen.reward, recordIds }];
    }
    case 'unpaired':
      throw unpairedOpenAiRefusal();
    case 'ranked':
      return rankedOutcomes(example.prompt, example.candidates, options.rankedPairs, (chosen, rejected) => dpoLine(example.prompt, chosen, rejected, tools));
    case 'rollout': {
      const recordIds = [...ids(example.prompt), ...ids(example.responses)];
      const turns = turnsOf(example.prompt);
      if ('dropped' in turns) return [{ ...turns, form: 'rollout', recordIds }];
      const problem = promptProblem(turns, RFT_PROMPT_ENDS);
      if (problem) return [{ dropped: problem, form: 'rollout', recordIds }];
      const messages = openaiMessages(turns, 'rft');
      if ('dropped' in messages) return [{ ...messages, form: 'rollout', recordIds }];
      const best = bestResponse(example.responses);
      const line = withTools({ messages }, tools);
      if (best?.reward !== undefined) line.reward = best.reward;
      if (best?.rewardSource !== undefined) line.reward_source = best.rewardSource;
      if (example.groupId !== undefined) line.group_id = example.groupId;
      return [{ line, form: 'rollout', reward: best?.reward, recordIds }];
    }
  }
}
