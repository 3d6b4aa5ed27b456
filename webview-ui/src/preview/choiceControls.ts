import { defaultOf, OptionKey, optionSpec } from '../../../src/core/options/optionSpecs';
import type { VersionView } from '../../../src/protocol/messages';
import { dropdown, FieldElement, textField } from '../components/toolkit';
import { controlId, FormKit } from './formKit';

/** A choice from the option's table: the choice shown is the option's value, or its default. */
export function choiceControl(kit: FormKit, key: OptionKey, onPick?: (value: string) => void): FieldElement {
  const spec = optionSpec(key);
  return dropdown((spec.choices ?? []).map((c) => ({ value: c.value, label: c.label })), String(kit.options[key] ?? defaultOf(key, kit.options) ?? ''), (value) => {
    kit.set(key, value);
    onPick?.(value);
    kit.emit();
  }, { id: controlId(key), aria: { label: spec.label }, attrs: { title: spec.help } });
}

/**
 * A choice that can be off (the option unset): "off" first, then the table's choices. The options
 * that only apply under it follow (dropInapplicable, on emit), so switching never leaves a refused value behind.
 */
export function offOrChoiceControl(kit: FormKit, key: OptionKey): FieldElement {
  const spec = optionSpec(key);
  return dropdown(
    [{ value: '', label: 'off' }, ...(spec.choices ?? []).map((c) => ({ value: c.value, label: c.label }))],
    String(kit.options[key] ?? ''),
    (value) => {
      kit.set(key, value || undefined);
      kit.emit();
    },
    { id: controlId(key), aria: { label: spec.label }, attrs: { title: spec.help } },
  );
}

/** A grouping: the table's choices, and a delimiter field for `external_id_prefix:<delim>`. */
export function groupingControl(kit: FormKit, key: OptionKey): [FieldElement, FieldElement] {
  const spec = optionSpec(key);
  const current = String(kit.options[key] ?? spec.default);
  const isPrefix = current.startsWith('external_id_prefix:');
  const delimiter = textField('Delimiter', isPrefix ? current.slice('external_id_prefix:'.length) : '#', (value) => {
    kit.set(key, `external_id_prefix:${value}`);
    kit.emit();
  }, { id: `${controlId(key)}-delimiter` });
  delimiter.hidden = !isPrefix;
  const choices = (spec.choices ?? []).map((c) => ({ value: c.value.startsWith('external_id_prefix:') ? 'external_id_prefix' : c.value, label: c.label }));
  const select = dropdown(choices, isPrefix ? 'external_id_prefix' : current, (value) => {
    delimiter.hidden = value !== 'external_id_prefix';
    kit.set(key, value === 'external_id_prefix' ? `external_id_prefix:${delimiter.value}` : value);
    kit.emit();
  }, { id: controlId(key), aria: { label: spec.label }, attrs: { title: spec.help } });
  return [select, delimiter];
}

/** The store version to read: latest, or one of the store's versions, newest first. */
export function versionControl(kit: FormKit, versions: VersionView[]): FieldElement {
  const versionChoices = [
    { value: '', label: 'latest' },
    ...[...versions].reverse().map((v) => ({ value: String(v.version), label: `v${v.version} · ${new Date(v.timestamp).toLocaleString()}` })),
  ];
  return dropdown(versionChoices, kit.options.version ? String(kit.options.version) : '', (value) => {
    kit.set('version', value ? Number(value) : undefined);
    kit.emit();
  }, { id: controlId('version'), aria: { label: optionSpec('version').label }, attrs: { title: optionSpec('version').help } });
}
