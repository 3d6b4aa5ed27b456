import type { ExportOptions } from '../../core';
import { OptionKey, optionProblem, optionSpec, resolveExportOptions } from '../../core';
import { CuratorError } from '../../core/errors';
import { labelledMessage } from '../../core/options/labelledMessage';

/**
 * What is wrong with `value` as the answer to `key`'s step, given the answers
 * so far: the value's own check, then the rules between options that name this
 * option (a holdout needs a decontamination distance: an empty distance is
 * refused at its own step, not after the last one). Labelled as next to a
 * control ("Decontamination distance: …"); undefined when the step may accept
 * it. No VS Code API here, so it is unit-tested alone.
 */
export function stepProblem(key: OptionKey, value: unknown, answers: ExportOptions): string | undefined {
  if (value !== undefined) {
    const own = optionProblem(key, value);
    if (own) return `${optionSpec(key).label}: ${own}`;
  }
  const candidate: Record<string, unknown> = { ...answers };
  if (value === undefined) delete candidate[key];
  else candidate[key] = value;
  try {
    resolveExportOptions(candidate);
  } catch (error) {
    if (CuratorError.is(error) && error.details.option === key) return labelledMessage(error);
  }
  return undefined;
}
