import { OPTION_KEYS, optionSpec } from '../core/options/optionSpecs';

/** The setting that preselects an option: `lanceCurator.export.<key>`. */
export function settingOf(key: string): string {
  return `export.${key}`;
}

/**
 * The `contributes.configuration` entries of the options the settings
 * preselect, derived from the options table. package.json holds their copy
 * (VS Code reads it there); `npm run sync:contributions` writes it and a test
 * checks the two agree.
 */
export function settingContributions(): Record<string, Record<string, unknown>> {
  const entries: Record<string, Record<string, unknown>> = {};
  for (const key of OPTION_KEYS) {
    const spec = optionSpec(key);
    if (!spec.setting) continue;
    const entry: Record<string, unknown> = {
      type: spec.kind === 'boolean' ? 'boolean' : spec.kind === 'number' ? 'number' : spec.kind === 'integer' ? 'integer' : 'string',
    };
    if (spec.kind === 'choice' && spec.choices) {
      entry.enum = spec.choices.map((c) => c.value);
      entry.enumDescriptions = spec.choices.map((c) => c.description ?? c.label);
    }
    if (spec.default !== undefined) entry.default = spec.default;
    entry.markdownDescription = `${spec.label}: ${spec.help} (CLI \`--${spec.flag}\`). Preselected by the preview and Export Training Set.`;
    entries[`lanceCurator.${settingOf(key)}`] = entry;
  }
  return entries;
}
