import * as v from 'valibot';

/**
 * What one row of the options table holds (the table is assembled in
 * `optionSpecs.ts`), and `option()`, which types a row by its schema. Kept
 * apart from the table so that its sections can import it without a cycle.
 */

/** Where an option sits in the panel and the help. */
export type OptionGroup = 'shape' | 'selection' | 'curation' | 'split' | 'format' | 'output';

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
  group: OptionGroup;
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
  /** Shown only when this returns true for the other options (the form row of preference). */
  visibleWhen?: (options: Record<string, unknown>) => boolean;
  /** Repeatable flag (`--keep a --keep b`): the value is a list. */
  repeatable?: boolean;
  /**
   * The options this one depends on: returns why it does not apply to the
   * other options (e.g. `--shingle-size` without `--text-dedup minhash`), or
   * undefined when it does. The door refuses a value set where it does not
   * apply, and the run record writes a default only where it applies.
   */
  needs?: (options: Record<string, unknown>) => string | undefined;
}

export type OptionSpec<S extends v.GenericSchema = v.GenericSchema> = OptionSpecBase<S>;

/** Types one row of the table: its default, refine and needs see the schema's output type. */
export function option<S extends v.GenericSchema>(spec: OptionSpecBase<S>): OptionSpecBase<S> {
  return spec;
}
