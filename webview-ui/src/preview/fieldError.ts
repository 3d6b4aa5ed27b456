import { CuratorError } from '../../../src/core/errors';
import { OPTION_SPECS, OptionKey } from '../../../src/core/options/optionSpecs';

let shown: HTMLElement | undefined;

/**
 * Shows a recount's error under the field of the option it names (a holdout
 * file not found, a benchmark that cannot be read), where the user fixes it;
 * returns the field's label, or undefined when the error names no field on
 * screen. The next recount clears it ({@link clearFieldError}).
 */
export function showFieldError(error: unknown): string | undefined {
  clearFieldError();
  const option = CuratorError.is(error) ? error.details.option : undefined;
  if (!option || !(option in OPTION_SPECS)) return undefined;
  const spec = OPTION_SPECS[option as OptionKey];
  const line = document.getElementById(`${spec.flag}-error`);
  if (!line) return undefined;
  line.textContent = (error as Error).message;
  line.dataset.from = 'recount';
  shown = line;
  return spec.label;
}

export function clearFieldError(): void {
  if (shown?.dataset.from === 'recount') {
    shown.textContent = '';
    delete shown.dataset.from;
  }
  shown = undefined;
}
