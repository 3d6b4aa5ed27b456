import { CuratorError } from '../core/errors';
import { labelledMessage } from '../core/options/labelledMessage';

/**
 * The host's face of an error: an option's problem names the option as the
 * panel and the prompts label it ("Min reward: expected a number"); anything
 * that is not a CuratorError is said to be internal, without a stack.
 */
export function describeForUser(error: unknown): string {
  if (CuratorError.is(error)) return labelledMessage(error);
  return `internal error: ${(error as Error)?.message ?? String(error)}`;
}
