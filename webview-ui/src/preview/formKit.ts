import { OPTION_SPECS, OptionKey, optionSpec } from '../../../src/core/options/optionSpecs';
import { el } from '../elements';

/** What every control of the options form works with: the options being edited and the form's hooks. */
export interface FormKit {
  /** The options as they stand on screen (edited in place). */
  options: Record<string, unknown>;
  /** Sets an option; undefined or '' unsets it. */
  set(key: OptionKey, value: unknown): void;
  /** Every change: checks the options and reports them. */
  emit(): void;
  /** Puts a control back in step with `options` after another control changed its option. */
  refreshers: Map<OptionKey, () => void>;
  refresh(key: OptionKey): void;
  /** The line under a control that shows its option's problem. */
  errorLine(key: OptionKey | 'options'): HTMLElement;
  /** Each option's field, shown or hidden by the option's needs on every change. */
  fields: Map<OptionKey, HTMLElement>;
}

/** The id of an option's control and of its error line, from its CLI flag (`min-reward`). */
export function controlId(key: OptionKey): string {
  return OPTION_SPECS[key].flag;
}

export function labelFor(key: OptionKey): HTMLElement {
  return el('label', { attrs: { for: controlId(key), title: optionSpec(key).help } }, optionSpec(key).label);
}

/** An option's field: its controls and its error line (shown where the option applies). */
export function field(kit: FormKit, key: OptionKey, ...controls: (HTMLElement | null)[]): HTMLElement {
  const node = el('div', { class: 'field', dataset: { option: key } }, ...controls, kit.errorLine(key));
  kit.fields.set(key, node);
  return node;
}
