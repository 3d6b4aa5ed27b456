import * as v from 'valibot';
import { isOptionKey, OPTION_KEYS, OPTION_SPECS, OptionKey, optionSpec } from './optionSpecs';
import { optionError } from './optionError';

type Specs = typeof OPTION_SPECS;

/** The entries of the options object: every option optional, with its schema. */
type OptionEntries = { [K in OptionKey]: v.OptionalSchema<Specs[K]['schema'], undefined> };

/**
 * The options object as it crosses every boundary (webview → host → worker,
 * command arguments, the run record): every key optional, unknown keys refused.
 */
export const ExportOptionsSchema = v.strictObject(
  Object.fromEntries(OPTION_KEYS.map((key) => [key, v.optional(OPTION_SPECS[key].schema)])) as unknown as OptionEntries,
);

/** Everything a user can set for one export, as the CLI, the panel, the prompts and the options object spell it. */
export type ExportOptions = v.InferInput<typeof ExportOptionsSchema>;

/**
 * Checks an untrusted options object (types, ranges, choices and each
 * option's own grammar); the first problem is thrown as a usage error naming
 * the option in `details.option`.
 */
export function parseExportOptions(input: unknown): ExportOptions {
  const result = v.safeParse(ExportOptionsSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const key = issue.path?.[0]?.key;
    if (isOptionKey(key)) throw optionError(key, issue.message);
    const unknown = issue.type === 'strict_object' && typeof key === 'string' ? key : undefined;
    throw optionError(unknown ?? 'options', unknown ? `unknown option '${unknown}'` : `options: ${issue.message}`);
  }
  const options = result.output as ExportOptions;
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (value !== undefined) checkOptionValue(key, value);
  }
  return options;
}

/**
 * Checks one option's value alone (type, range, grammar); returns the
 * message for the control next to it, or undefined when it is valid.
 */
export function optionProblem(key: OptionKey, value: unknown): string | undefined {
  const spec = optionSpec(key);
  const result = v.safeParse(spec.schema, value);
  if (!result.success) return result.issues[0].message;
  try {
    spec.refine?.(result.output);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

function checkOptionValue(key: OptionKey, value: unknown): void {
  const spec = optionSpec(key);
  spec.refine?.(value);
}

/** Drops unset keys, so two equal option sets serialize equally. */
export function compactOptions(options: ExportOptions): ExportOptions {
  return Object.fromEntries(OPTION_KEYS.filter((key) => options[key] !== undefined).map((key) => [key, options[key]])) as ExportOptions;
}
