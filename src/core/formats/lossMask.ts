import { ExampleForm, Flavour } from './formatExample';

/** Which tokens of a line a trainer computes the loss on. */
export interface LossMask {
  /** `messages`: the listed message indexes; `completion`: the completion/outputs; `sequence`: everything; `none`: the trainer samples instead. */
  scope: 'messages' | 'completion' | 'sequence' | 'none';
  /** For `messages`: indexes into the line's message list. */
  trainedMessages?: number[];
  /** One sentence for the preview. */
  description: string;
}

export interface LossMaskOptions {
  /** TRL `assistant_only_loss` (needs a template with `{% generation %}`): SFT lines train only assistant turns. */
  assistantOnlyLoss?: boolean;
}

type Message = { role?: unknown; weight?: unknown };

function assistantIndexes(messages: Message[], honourWeight: boolean): number[] {
  const out: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'assistant' && !(honourWeight && m.weight === 0)) out.push(i);
  });
  return out;
}

/**
 * What a trainer learns from a written line of a given form: OpenAI SFT
 * trains assistant messages whose `weight` is not 0, DPO its outputs, RFT
 * nothing written (it samples and grades); TRL `messages` trains the whole
 * sequence unless `assistantOnlyLoss`, prompt-completion and preference
 * lines the completion (`completion_only_loss` default), prompt-only lines
 * nothing written.
 */
export function lossMaskOf(flavour: Flavour, form: ExampleForm, line: Record<string, unknown>, options: LossMaskOptions = {}): LossMask {
  if (form === 'rollout') {
    return flavour === 'openai'
      ? { scope: 'none', description: 'none written: the model samples answers and the grader scores them (RFT)' }
      : { scope: 'none', description: 'none written: the trainer generates completions for the prompt (GRPO/RLOO)' };
  }
  if (form !== 'sft') {
    if (flavour === 'openai') return { scope: 'completion', description: 'preferred and non-preferred outputs (DPO)' };
    return { scope: 'completion', description: form === 'unpaired' ? 'completion only' : 'chosen and rejected completions' };
  }
  const messages = Array.isArray(line.messages) ? (line.messages as Message[]) : [];
  if (flavour === 'openai') {
    const trained = assistantIndexes(messages, true);
    return { scope: 'messages', trainedMessages: trained, description: `assistant messages with weight ≠ 0 (${trained.length} of ${messages.length} messages)` };
  }
  if (options.assistantOnlyLoss) {
    const trained = assistantIndexes(messages, false);
    return { scope: 'messages', trainedMessages: trained, description: `assistant turns only (${trained.length} of ${messages.length} messages)` };
  }
  return { scope: 'sequence', description: 'whole sequence' };
}
