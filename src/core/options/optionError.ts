import { CuratorError } from '../errors';

/**
 * A usage error about one option's value. The message does not name a flag:
 * each surface says where the option lives (`--min-reward: …` on the CLI, the
 * text under the control in the panel), from `details.option`.
 */
export function optionError(option: string, message: string, cause?: unknown): CuratorError {
  return new CuratorError('usage', message, { option, cause });
}

/** OpenAI fine-tuning has no unpaired preference form: the one wording of that rule, for the format's need and the line writer. */
export const UNPAIRED_OPENAI = 'OpenAI fine-tuning has no unpaired preference form ("unpaired", KTO-style labels): choose the paired or ranked form, or the trl format';

/** The refusal of OpenAI + unpaired, naming the format option. */
export function unpairedOpenAiRefusal(): CuratorError {
  return optionError('format', UNPAIRED_OPENAI);
}
