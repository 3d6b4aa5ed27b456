import { CURATION_OPTIONS } from './curationOptions';
import { FORMAT_OPTIONS } from './formatOptions';
import { OptionSpec } from './optionSpecType';
import { OUTPUT_OPTIONS } from './outputOptions';
import { SELECTION_OPTIONS } from './selectionOptions';
import { SHAPE_OPTIONS } from './shapeOptions';
import { LEAKAGE_OPTIONS, SPLIT_OPTIONS } from './splitOptions';

/**
 * The one definition of every curation option. The CLI flags, the protocol
 * validator, the preview panel's controls, the Export Training Set prompts,
 * the VS Code settings and the README's flag table all derive from this table;
 * `resolveExportOptions` is the one door where values are checked.
 *
 * The table is assembled here from its sections, one module each (the
 * shape, selection, curation, split, format and output options). Their order
 * below is the table order: the order of the CLI flags, the README table and
 * the VS Code settings.
 *
 * Adding an option: one entry in its section plus the stage that uses it.
 */

export type { OptionChoice, OptionKind, OptionNeed, OptionSpec } from './optionSpecType';
export { OUTPUT_FORMATS, type OutputFormat } from './formatOptions';
export { PAIR_SCOPES } from './shapeOptions';

export const OPTION_SPECS = {
  ...SHAPE_OPTIONS,
  ...SELECTION_OPTIONS,
  ...CURATION_OPTIONS,
  ...SPLIT_OPTIONS,
  ...FORMAT_OPTIONS,
  ...LEAKAGE_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const;

export type OptionKey = keyof typeof OPTION_SPECS;

/** Every option in table order (the order of help, the README table and the settings). */
export const OPTION_KEYS = Object.keys(OPTION_SPECS) as OptionKey[];

/** The spec of one option, loosely typed for surfaces that walk the table. */
export function optionSpec(key: OptionKey): OptionSpec {
  return OPTION_SPECS[key] as unknown as OptionSpec;
}

/** The value an option takes when not given, for these other options (undefined: off). */
export function defaultOf(key: OptionKey, options: Record<string, unknown>): unknown {
  const spec = optionSpec(key);
  return spec.dependentDefault ? spec.dependentDefault.of(options) : spec.default;
}

/** The default as help and the README say it (undefined: none to say). */
export function defaultText(spec: OptionSpec): string | undefined {
  if (spec.dependentDefault) return spec.dependentDefault.text;
  return spec.default === undefined || spec.kind === 'boolean' ? undefined : String(spec.default);
}

/** The option a CLI flag sets, for surfaces that receive a flag name. */
export function optionOfFlag(flag: string): OptionKey | undefined {
  const bare = flag.replace(/^--/, '');
  return OPTION_KEYS.find((key) => OPTION_SPECS[key].flag === bare);
}

/** True when `key` names an option of the table (own keys only: `__proto__` is not an option). */
export function isOptionKey(key: unknown): key is OptionKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(OPTION_SPECS, key);
}
