import { optionError } from './optionError';
import { defaultOf, OPTION_KEYS, OptionKey, optionSpec } from './optionSpecs';
import { isGiven, OptionNeed } from './optionSpecType';

/**
 * Everything that follows from the options' `needs` (see `OptionNeed`): the
 * door's cross-option errors, the run record's defaults, what the panel shows
 * and drops, and which steps the prompts ask. No surface writes a rule
 * between options of its own.
 */

export { isGiven };

const needsOf = (key: OptionKey): readonly OptionNeed[] => optionSpec(key).needs ?? [];

/** Says where the option applies (a need naming another option says what else to give instead). */
const placesOption = (need: OptionNeed) => need.names === undefined;

/** The first unmet need that refuses the option's value here: the option the error names and its message; undefined when the value stands. */
export function refusalOf(key: OptionKey, options: Record<string, unknown>): { option: string; message: string } | undefined {
  if (!isGiven(options[key])) return undefined;
  const need = needsOf(key).find((n) => n.because !== undefined && !n.met(options));
  return need ? { option: need.names ?? key, message: need.because! } : undefined;
}

/**
 * The door's rules between options: an option given where one of its needs
 * is unmet is a mistake to say, not to ignore.
 *
 * @throws CuratorError (`usage`) for the first refusal, in table order, naming the option to fix.
 */
export function checkNeeds(options: Record<string, unknown>): void {
  for (const key of OPTION_KEYS) {
    const refusal = refusalOf(key, options);
    if (refusal) throw optionError(refusal.option, refusal.message);
  }
}

/** Whether the option applies to these options: every need that says where it applies is met. */
export function optionApplies(key: OptionKey, options: Record<string, unknown>): boolean {
  return needsOf(key).every((need) => !placesOption(need) || need.met(options));
}

/** The default a run record writes for an unset option: its default where the door would take it, so a replay passes the same door. */
export function applicableDefault(key: OptionKey, options: Record<string, unknown>): unknown {
  const value = defaultOf(key, options);
  return value === undefined || refusalOf(key, { ...options, [key]: value }) ? undefined : value;
}

/** Whether a surface shows the option: where it applies, or while it holds a value it refuses there (so the reason can be read and fixed). */
export function optionShown(key: OptionKey, options: Record<string, unknown>): boolean {
  return optionApplies(key, options) || (isGiven(options[key]) && needsOf(key).some((need) => need.because !== undefined && placesOption(need)));
}

/** Whether the panel drops the option's value: it is a setting of something no longer there (an unmet `part` need). */
export function optionDropped(key: OptionKey, options: Record<string, unknown>): boolean {
  return needsOf(key).some((need) => need.part === true && !need.met(options));
}

/**
 * Whether a step-by-step input asks the option after the options in `asked`:
 * where it is shown, and not when it needs another option asked before and
 * left unset (no distance is asked for a holdout that was not given).
 */
export function optionAsked(key: OptionKey, asked: readonly string[], options: Record<string, unknown>): boolean {
  return optionShown(key, options) && needsOf(key).every((need) => need.names === undefined || !asked.includes(need.names) || need.met(options));
}
