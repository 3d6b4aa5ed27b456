import { LineFlavour, withTools } from './trainerLines';
import { trlMessages } from './trlMessages';

/** A prompt may end in a user or tool turn: `apply_chat_template` then adds the generation prompt. */
const PROMPT_ENDS: ReadonlySet<string> = new Set(['user', 'tool']);

/**
 * TRL's lines: SFT `{messages, tools?}`; paired and ranked pairs as explicit,
 * conversational preference lines `{prompt, chosen, rejected, tools?,
 * margin?}` (never a `label` key); unpaired `{prompt, completion, label,
 * tools?}`; rollout prompt-only `{prompt, tools?, reward?, reward_source?,
 * group_id?}` (GRPO/RLOO hand the extra columns to reward functions).
 */
export const TRL_LINES: LineFlavour = {
  messages: trlMessages,
  conversationProblem: (turns) => (turns.length === 0 ? 'empty conversation' : undefined),
  preference: {
    promptEnds: PROMPT_ENDS,
    line: (prompt, chosen, rejected, tools) => withTools({ prompt, chosen: [chosen], rejected: [rejected] }, tools),
    margin: true,
  },
  rollout: { promptKey: 'prompt', promptEnds: PROMPT_ENDS },
};
