import { unpairedOpenAiRefusal } from '../options/optionError';
import { Turn } from './conversationTurns';
import { ExampleForm } from './formatExample';
import { openaiMessages, OpenAiMethod } from './openaiMessages';
import { LineFlavour, withTools } from './trainerLines';

/** An RFT prompt must leave something to answer; a trailing developer turn does not. */
const RFT_PROMPT_ENDS: ReadonlySet<string> = new Set(['user', 'tool', 'assistant']);
/** DPO generates the preferred output after the input: it must end where the model speaks next. */
const DPO_PROMPT_ENDS: ReadonlySet<string> = new Set(['user', 'tool']);

/** The fine-tuning method each form's lines are for (OpenAI has no unpaired form; it is refused first). */
const METHOD_OF_FORM: Record<ExampleForm, OpenAiMethod> = { sft: 'sft', paired: 'dpo', ranked: 'dpo', unpaired: 'dpo', rollout: 'rft' };

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

/**
 * OpenAI fine-tuning's lines: SFT `{messages, tools?}`; paired and ranked
 * pairs → DPO `{input:{messages, tools?}, preferred_output,
 * non_preferred_output}`; rollout → RFT `{messages, tools?, reward?,
 * reward_source?, group_id?}` (extra keys are grader data). The unpaired form
 * is refused (CuratorError `usage`).
 */
export const OPENAI_LINES: LineFlavour = {
  messages: (turns, form) => openaiMessages(turns, METHOD_OF_FORM[form]),
  conversationProblem: sftProblem,
  preference: {
    promptEnds: DPO_PROMPT_ENDS,
    outputProblem,
    line: (prompt, chosen, rejected, tools) => ({ input: withTools({ messages: prompt }, tools), preferred_output: [chosen], non_preferred_output: [rejected] }),
    margin: false,
  },
  rollout: { promptKey: 'messages', promptEnds: RFT_PROMPT_ENDS },
  refusals: { unpaired: unpairedOpenAiRefusal },
};
