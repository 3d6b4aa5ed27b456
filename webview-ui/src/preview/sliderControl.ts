import { OptionKey, optionSpec } from '../../../src/core/options/optionSpecs';
import { checkbox } from '../components/toolkit';
import { el } from '../elements';
import { controlId, FormKit } from './formKit';

/** A number option with a slider range: a switch, the slider and an exact field. */
export function sliderControl(kit: FormKit, key: OptionKey): HTMLElement {
  const { options, set, emit } = kit;
  const spec = optionSpec(key);
  const range = spec.slider!;
  const id = controlId(key);
  const value = options[key] as number | undefined;
  const enabled = checkbox(spec.label, value !== undefined, (on) => {
    set(key, on ? Number(slider.value) : undefined);
    emit();
  }, { id: `${id}-enabled`, attrs: { title: spec.help } });
  const slider = el('input', { id: `${id}-slider`, attrs: { type: 'range', min: String(range.min), max: String(range.max), step: String(range.step), 'aria-label': spec.label } });
  slider.value = String(value ?? range.start);
  const exact = el('input', { class: 'number', id: `${id}-value`, attrs: { type: 'number', step: String(range.step), 'aria-label': `${spec.label} value` } });
  exact.value = value === undefined ? slider.value : String(value);
  // Unset, the row shows what applies instead: the default's value, dimmed and said, or "off".
  const note = el('span', { class: 'muted slider-note', id: `${id}-note` });
  const showApplying = () => {
    const off = options[key] === undefined;
    const applying = off ? applyingDefault(key, options) : undefined;
    slider.classList.toggle('inactive', off);
    exact.classList.toggle('inactive', off);
    if (off) slider.value = exact.value = String(applying ?? range.start);
    note.textContent = !off ? '' : applying !== undefined ? `default ${applying} applies` : 'off';
  };
  showApplying();
  kit.refreshers.set(key, () => {
    const now = options[key] as number | undefined;
    enabled.checked = now !== undefined;
    if (now !== undefined && Number.isFinite(now)) slider.value = exact.value = String(now);
    showApplying();
  });
  enabled.addEventListener('change', showApplying);
  slider.addEventListener('input', () => {
    exact.value = slider.value;
    enabled.checked = true;
    set(key, Number(slider.value));
    emit();
  });
  exact.addEventListener('input', () => {
    enabled.checked = true;
    // An unparsable number is a problem to show, not a value to drop silently.
    set(key, exact.value.trim() === '' ? Number.NaN : Number(exact.value));
    if (Number.isFinite(Number(exact.value))) slider.value = exact.value;
    emit();
  });
  slider.addEventListener('input', showApplying);
  exact.addEventListener('input', showApplying);
  const row = el('div', { class: 'row slider-row' }, enabled, slider, exact, note, kit.errorLine(key));
  kit.fields.set(key, row);
  return row;
}

/** The value an unset slider option takes anyway (its default, given the other options), or undefined when unset means off. */
function applyingDefault(key: OptionKey, options: Record<string, unknown>): number | undefined {
  if (key === 'leakageThreshold') return (options.dedupThreshold as number | undefined) ?? 0.05;
  const fallback = optionSpec(key).default;
  return typeof fallback === 'number' ? fallback : undefined;
}
