import { uriScheme } from '../../../src/core/store/remoteUri';
import { OptionKey, optionSpec } from '../../../src/core/options/optionSpecs';
import { button, checkbox, FieldElement, textArea, textField } from '../components/toolkit';
import { el } from '../elements';
import { controlId, field, FormKit } from './formKit';

/** A free-text option: `parse` turns the text into the option's value (undefined unsets it). */
export function textControl(kit: FormKit, key: OptionKey, placeholder: string, parse: (text: string) => unknown = (text) => text.trim() || undefined): FieldElement {
  const spec = optionSpec(key);
  return textField(spec.label, kit.options[key] === undefined ? '' : String(kit.options[key]), (value) => {
    kit.set(key, parse(value));
    kit.emit();
  }, { id: controlId(key), placeholder, attrs: { title: spec.help } });
}

export function booleanControl(kit: FormKit, key: OptionKey): FieldElement {
  const spec = optionSpec(key);
  return checkbox(spec.label, !!kit.options[key], (on) => {
    kit.set(key, on || undefined);
    kit.emit();
  }, { id: controlId(key), attrs: { title: spec.help } });
}

/** A list of paths, one per line (benchmarks). */
export function pathListControl(kit: FormKit, key: OptionKey, placeholder: string): FieldElement {
  return textArea(optionSpec(key).label, Array.isArray(kit.options[key]) ? (kit.options[key] as string[]).join('\n') : '', (value) => {
    const files = value.split('\n').map((line) => line.trim()).filter(Boolean);
    kit.set(key, files.length > 0 ? files : undefined);
    kit.emit();
  }, { id: controlId(key), rows: 2, placeholder });
}

/**
 * The holdout path: a text field, a Pick… button and where a relative path resolves (from `baseDir`).
 * Setting a holdout turns decontamination on at its slider's start; clearing it turns it off.
 */
export function holdoutControl(kit: FormKit, baseDir: string, onPick: () => Promise<string | null>): HTMLElement {
  const { options } = kit;
  const holdoutHint = el('p', { class: 'muted path-hint', id: 'holdout-resolved' });
  const showResolved = () => {
    const value = typeof options.holdout === 'string' ? options.holdout : '';
    holdoutHint.textContent = value && uriScheme(value) === undefined && !value.startsWith('/') ? `→ ${baseDir.replace(/\/+$/, '')}/${value}` : '';
  };
  const holdout = textControl(kit, 'holdout', 'e.g. evals/holdout.jsonl', (text) => {
    const value = text.trim() || undefined;
    if (value && options.decontaminateThreshold === undefined) options.decontaminateThreshold = optionSpec('decontaminateThreshold').slider!.start;
    if (!value) delete options.decontaminateThreshold;
    queueMicrotask(() => {
      showResolved();
      kit.refresh('decontaminateThreshold');
    });
    return value;
  });
  showResolved();
  return field(
    kit,
    'holdout',
    el('div', { class: 'row' }, holdout, button('Pick…', async () => {
      const picked = await onPick();
      if (!picked) return;
      holdout.value = picked;
      options.holdout = picked;
      if (options.decontaminateThreshold === undefined) options.decontaminateThreshold = optionSpec('decontaminateThreshold').slider!.start;
      showResolved();
      kit.refresh('decontaminateThreshold');
      kit.emit();
    }, { appearance: 'secondary', id: 'pick-holdout' })),
    holdoutHint,
  );
}
