import * as v from 'valibot';

/**
 * What one row of the options table holds (the table is assembled in
 * `optionSpecs.ts`), and `option()`, which types a row by its schema. Kept
 * apart from the table so that its sections can import it without a cycle.
 */

/** How a surface edits the value: the CLI parses text by it, the panel picks a control by it. */
export type OptionKind = 'choice' | 'number' | 'integer' | 'boolean' | 'text' | 'json' | 'path' | 'seed' | 'timestamp' | 'grouping';

export interface OptionChoice {
  value: string;
  label: string;
  description?: string;
}

interface OptionSpecBase<S extends v.GenericSchema> {
  /** The CLI flag without dashes (`min-reward`). */
  flag: string;
  /** The flag's value placeholder in help (`<x>`); absent for switches. */
  valueName?: string;
  /** The panel's and the prompts' label. */
  label: string;
  /** One line for `--help`, tooltips, settings and the README. */
  help: string;
  kind: OptionKind;
  /** The value's type and range, as it crosses every boundary. */
  schema: S;
  /** The value used when the option is not given (absent: the option is off). */
  default?: v.InferOutput<S>;
  /**
   * A default that depends on the other options (instead of `default`): the
   * value, and how help and the README say it. Read it through {@link defaultOf}.
   */
  dependentDefault?: { of: (options: Record<string, unknown>) => v.InferOutput<S>; text: string };
  choices?: readonly OptionChoice[];
  /** The panel's slider range and step (the schema's range is the truth). */
  slider?: { min: number; max: number; step: number; start: number };
  /**
   * A VS Code setting `lanceCurator.export.<key>` preselects it: every option
   * that makes sense as a default, i.e. needs no other option and names no
   * per-run file, id, version or filter.
   */
  setting?: boolean;
  /** Asked by the Export Training Set prompts when no preview is open. */
  prompt?: boolean;
  /** Checks that need the core's own grammar (filters, groupings); throws an option error. */
  refine?: (value: v.InferOutput<S>) => void;
  /** Repeatable flag (`--keep a --keep b`): the value is a list. */
  repeatable?: boolean;
  /**
   * What this option depends on among the others: the one place a rule
   * between options is written. The door's cross-option errors, the run
   * record's defaults, the panel's visibility and its dropping of values that
   * no longer apply, and the prompts' steps all derive from it
   * (`optionNeeds.ts`).
   */
  needs?: readonly OptionNeed[];
}

/**
 * One thing an option depends on. Four shapes, by which fields are set:
 * - `met` alone: the option only matters where it is met and is ignored
 *   elsewhere (the preference form under another task): hidden there, never
 *   refused, so a setting outlives a switch;
 * - `met` + `because`: the option applies only where it is met (margin with
 *   the trl format): refused elsewhere with `because`, hidden there unless it
 *   holds a value (so the reason stays on screen);
 * - … + `part`: the option is a setting of what it needs (a shingle size of
 *   MinHash dedup): as above, and the panel drops its value when the need
 *   stops being met, so switching modes never leaves a refused value behind;
 * - `met` + `because` + `names`: the option needs another one given as well
 *   (a holdout needs a distance): refused naming that other option, where
 *   the fix is; this option itself applies and stays on screen.
 */
export interface OptionNeed {
  /** Whether the need is met by these options (the option's own value included, for a rule about one of its values). */
  met: (options: Record<string, unknown>) => boolean;
  /** The error when the option is given where the need is unmet; absent, such a value is ignored. */
  because?: string;
  /** The option the error names when the fix is to give that one; absent, the error names this option. */
  names?: string;
  /** The option is a setting of what it needs: a value left where the need is unmet is dropped by the panel. */
  part?: true;
}

/** A value a user gave: set, not `false`, not blank text, not an empty list. */
export function isGiven(value: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A need for another option to be given too, with the error that names it (a holdout needs a distance). */
export function requires(option: string, because: string, part?: true): OptionNeed {
  return { met: (options) => isGiven(options[option]), because, names: option, ...(part ? { part } : {}) };
}

export type OptionSpec<S extends v.GenericSchema = v.GenericSchema> = OptionSpecBase<S>;

/** Types one row of the table: its default, refine and needs see the schema's output type. */
export function option<S extends v.GenericSchema>(spec: OptionSpecBase<S>): OptionSpecBase<S> {
  return spec;
}
