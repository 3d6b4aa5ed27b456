import { CuratorError } from '../errors';
import { isOptionKey, OPTION_SPECS } from './optionSpecs';

/**
 * An error as the panel and VS Code say it: an option's problem prefixed by
 * the option's label, as next to its control ("Min reward: expected a
 * number"); other errors by their message. The CLI names the flag instead.
 */
export function labelledMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = CuratorError.is(error) ? error.details.option : undefined;
  return isOptionKey(option) ? `${OPTION_SPECS[option].label}: ${message}` : message;
}
