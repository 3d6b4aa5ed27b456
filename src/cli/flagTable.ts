import { OPTION_KEYS, optionSpec } from '../core/options/optionSpecs';

/** The README's table of curation flags, derived from the options table (a test keeps the README in step). */
export function flagTable(): string {
  const rows = ['| flag | default | setting | what it does |', '|---|---|---|---|'];
  for (const key of OPTION_KEYS) {
    const spec = optionSpec(key);
    const flag = `\`--${spec.flag}${spec.valueName ? ` ${spec.valueName.replace(/\|/g, "\\|")}` : ''}\``;
    const fallback = spec.default === undefined || spec.kind === 'boolean' ? '' : `\`${String(spec.default)}\``;
    const choices = spec.kind === 'choice' && spec.choices ? ` (${spec.choices.map((c) => `\`${c.value}\``).join(', ')})` : '';
    const setting = spec.setting ? `\`export.${key}\`` : '';
    rows.push(`| ${flag} | ${fallback} | ${setting} | ${spec.help.replace(/\|/g, '\\|')}${choices} |`);
  }
  return rows.join('\n');
}
