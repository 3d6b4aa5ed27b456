import { CuratorError } from '../errors';

/**
 * A usage error about one option's value. The message does not name a flag:
 * each surface says where the option lives (`--min-reward: …` on the CLI, the
 * text under the control in the panel), from `details.option`.
 */
export function optionError(option: string, message: string, cause?: unknown): CuratorError {
  return new CuratorError('usage', message, { option, cause });
}
