import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { uriScheme } from '../../../src/core/store/remoteUri';
import { optionProblem } from '../../../src/core/options/exportOptions';
import { isOptionKey, OPTION_SPECS, OptionKey, optionSpec, OptionSpec } from '../../../src/core/options/optionSpecs';
import { resolveExportOptions } from '../../../src/core/options/resolveExportOptions';
import { CuratorError } from '../../../src/core/errors';
import type { VersionView } from '../../../src/protocol/messages';
import { button, checkbox, dropdown, FieldElement, textArea, textField } from '../components/toolkit';
import { el } from '../elements';
import { composeFilter, splitFilter } from './filterFields';

/** Problems of the options on screen, by option: the text shown under each control. */
export type OptionProblems = Partial<Record<OptionKey | 'options', string>>;

export interface FormContext {
  versions: VersionView[];
  hasEmbeddings: boolean;
  /** Where relative paths are taken from (shown under path fields). */
  baseDir: string;
  /** Every change: the options as they stand and their problems (empty when they can be counted). */
  onChange(options: ExportOptions, problems: OptionProblems): void;
  onPickHoldout(): Promise<string | null>;
}

/** The id of an option's control and of its error line, from its CLI flag (`min-reward`). */
export function controlId(key: OptionKey): string {
  return OPTION_SPECS[key].flag;
}

/**
 * The options form, built from the options table: each control's label,
 * choices, range, default and help come from the option's spec, and each
 * value is checked by the same schema the host and the core apply. A problem
 * shows under its control; the form reports it instead of sending options the
 * core would refuse.
 */
export function optionsForm(
  initial: ExportOptions,
  context: FormContext,
): {
  node: HTMLElement;
  problems(): OptionProblems;
  /** "Keep this one instead": adds an id to the `keep` option and recounts. */
  keep(id: string): void;
} {
  const options: Record<string, unknown> = { ...initial };
  const errors = new Map<string, HTMLElement>();
  let problems: OptionProblems = {};
  const errorLine = (key: OptionKey | 'options') => {
    let node = errors.get(key);
    if (!node) {
      node = el('p', { class: 'field-error', role: 'alert', id: `${key === 'options' ? 'options' : controlId(key)}-error` });
      errors.set(key, node);
    }
    return node;
  };
  const { quick, rest } = splitFilter(typeof initial.filter === 'string' ? initial.filter : undefined);
  let filterRest = rest;

  const check = (): OptionProblems => {
    const found: OptionProblems = {};
    const composed = composeFilter(quick, filterRest);
    if (composed.error) found.filter = composed.error;
    else options.filter = composed.filter;
    for (const key of Object.keys(OPTION_SPECS) as OptionKey[]) {
      if (found[key] || options[key] === undefined) continue;
      const problem = optionProblem(key, options[key]);
      if (problem) found[key] = problem;
    }
    if (Object.keys(found).length === 0) {
      try {
        resolveExportOptions(clean(options));
      } catch (error) {
        const option = CuratorError.is(error) ? error.details.option : undefined;
        found[(isOptionKey(option) ? option : 'options') as OptionKey] = (error as Error).message;
      }
    }
    return found;
  };
  const emit = () => {
    dropInapplicable();
    problems = check();
    for (const [key, node] of errors) node.textContent = problems[key as OptionKey] ?? '';
    context.onChange(clean(options) as ExportOptions, problems);
  };
  /** Puts a control back in step with `options` after another control changed its option. */
  const refreshers = new Map<OptionKey, () => void>();
  const refresh = (key: OptionKey) => refreshers.get(key)?.();
  const set = (key: OptionKey, value: unknown) => {
    if (value === undefined || value === '') delete options[key];
    else options[key] = value;
  };

  const labelFor = (key: OptionKey) => el('label', { attrs: { for: controlId(key), title: optionSpec(key).help } }, optionSpec(key).label);

  const choiceControl = (key: OptionKey, onPick?: (value: string) => void) => {
    const spec = optionSpec(key);
    return dropdown((spec.choices ?? []).map((c) => ({ value: c.value, label: c.label })), String(options[key] ?? spec.default ?? ''), (value) => {
      set(key, value);
      onPick?.(value);
      emit();
    }, { id: controlId(key), aria: { label: spec.label }, attrs: { title: spec.help } });
  };

  /** A grouping: the table's choices, and a delimiter field for `external_id_prefix:<delim>`. */
  const groupingControl = (key: OptionKey) => {
    const spec = optionSpec(key);
    const current = String(options[key] ?? spec.default);
    const isPrefix = current.startsWith('external_id_prefix:');
    const delimiter = textField('Delimiter', isPrefix ? current.slice('external_id_prefix:'.length) : '#', (value) => {
      set(key, `external_id_prefix:${value}`);
      emit();
    }, { id: `${controlId(key)}-delimiter` });
    delimiter.hidden = !isPrefix;
    const choices = (spec.choices ?? []).map((c) => ({ value: c.value.startsWith('external_id_prefix:') ? 'external_id_prefix' : c.value, label: c.label }));
    const select = dropdown(choices, isPrefix ? 'external_id_prefix' : current, (value) => {
      delimiter.hidden = value !== 'external_id_prefix';
      set(key, value === 'external_id_prefix' ? `external_id_prefix:${delimiter.value}` : value);
      emit();
    }, { id: controlId(key), aria: { label: spec.label }, attrs: { title: spec.help } });
    return [select, delimiter];
  };

  /** A number option with a slider range: a switch, the slider and an exact field. */
  const sliderControl = (key: OptionKey) => {
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
    refreshers.set(key, () => {
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
    return el('div', { class: 'row slider-row' }, enabled, slider, exact, note, errorLine(key));
  };

  const textControl = (key: OptionKey, placeholder: string, parse: (text: string) => unknown = (text) => text.trim() || undefined) => {
    const spec = optionSpec(key);
    return textField(spec.label, options[key] === undefined ? '' : String(options[key]), (value) => {
      set(key, parse(value));
      emit();
    }, { id: controlId(key), placeholder, attrs: { title: spec.help } });
  };

  const booleanControl = (key: OptionKey) => {
    const spec = optionSpec(key);
    return checkbox(spec.label, !!options[key], (on) => {
      set(key, on || undefined);
      emit();
    }, { id: controlId(key), attrs: { title: spec.help } });
  };

  const field = (key: OptionKey, ...controls: (HTMLElement | null)[]) =>
    el('div', { class: 'field', dataset: { option: key } }, ...controls, errorLine(key));

  // ---- shape
  const formField = field('form', labelFor('form'), choiceControl('form', () => showWhen()));
  // ---- format: the trainer line format and the options that only apply to it
  const formatFields = new Map<OptionKey, HTMLElement>([
    ['rankedPairs', field('rankedPairs', labelFor('rankedPairs'), choiceControl('rankedPairs'))],
    ['margin', field('margin', booleanControl('margin'))],
    ['tools', field('tools', textControl('tools', 'e.g. tools.json'))],
  ]);
  const showWhen = () => {
    formField.hidden = !(optionSpec('form').visibleWhen?.(options) ?? true);
    for (const [key, node] of formatFields) node.hidden = !(optionSpec(key).visibleWhen?.(options) ?? true);
  };
  showWhen();
  const tokenFields = el(
    'div',
    { class: 'row' },
    field('tokenizer', textControl('tokenizer', 'o200k_base, cl100k_base or tokenizer.json')),
    field('chatTemplate', textControl('chatTemplate', 'e.g. tokenizer_config.json')),
    field('maxTokens', textControl('maxTokens', 'e.g. 4096', (text) => (text.trim() === '' ? undefined : Number(text)))),
  );
  const versionChoices = [
    { value: '', label: 'latest' },
    ...[...context.versions].reverse().map((v) => ({ value: String(v.version), label: `v${v.version} · ${new Date(v.timestamp).toLocaleString()}` })),
  ];
  const versionControl = dropdown(versionChoices, options.version ? String(options.version) : '', (value) => {
    set('version', value ? Number(value) : undefined);
    emit();
  }, { id: controlId('version'), aria: { label: optionSpec('version').label }, attrs: { title: optionSpec('version').help } });

  // ---- filters: quick fields and the JSON editor make one filter option
  const quickField = (name: string, label: string, hint: string) =>
    textField(label, quick[name] ?? '', (value) => {
      quick[name] = value;
      emit();
    }, { id: `quick-${name}`, placeholder: hint });

  // ---- curation
  const holdoutHint = el('p', { class: 'muted path-hint', id: 'holdout-resolved' });
  const showResolved = () => {
    const value = typeof options.holdout === 'string' ? options.holdout : '';
    holdoutHint.textContent = value && uriScheme(value) === undefined && !value.startsWith('/') ? `→ ${context.baseDir.replace(/\/+$/, '')}/${value}` : '';
  };
  const holdout = textControl('holdout', 'e.g. evals/holdout.jsonl', (text) => {
    const value = text.trim() || undefined;
    if (value && options.decontaminateThreshold === undefined) options.decontaminateThreshold = optionSpec('decontaminateThreshold').slider!.start;
    if (!value) delete options.decontaminateThreshold;
    queueMicrotask(() => {
      showResolved();
      refresh('decontaminateThreshold');
    });
    return value;
  });
  showResolved();

  // ---- split: one switch for the three split options
  const splitOn = options.splitEval !== undefined;
  const evalFraction = textControl('splitEval', `e.g. ${optionSpec('splitEval').slider!.start}`, (text) => (text.trim() === '' ? Number.NaN : Number(text)));
  const splitFields = el(
    'div',
    { class: 'row' },
    evalFraction,
    labelFor('splitBy'),
    ...groupingControl('splitBy'),
    textControl('splitSeed', `e.g. ${optionSpec('splitSeed').default}`, (text) => text.trim() || undefined),
    labelFor('leakage'),
    dropdown(
      [{ value: '', label: 'off' }, ...(optionSpec('leakage').choices ?? []).map((c) => ({ value: c.value, label: c.label }))],
      String(options.leakage ?? ''),
      (value) => {
        // The leakage distance and the shingle options follow (dropInapplicable, on emit).
        set('leakage', value || undefined);
        emit();
      },
      { id: controlId('leakage'), aria: { label: optionSpec('leakage').label }, attrs: { title: optionSpec('leakage').help } },
    ),
  );
  splitFields.hidden = !splitOn;
  const leakageDistanceRow = sliderControl('leakageThreshold');

  // ---- text curation: a mode (off, exact, MinHash) with its threshold, benchmarks one path per line, the kept ids
  const textDedupSpec = optionSpec('textDedup');
  const thresholdRow = sliderControl('textDedupThreshold');
  const textDedupControl = dropdown(
    [{ value: '', label: 'off' }, ...(textDedupSpec.choices ?? []).map((c) => ({ value: c.value, label: c.label }))],
    String(options.textDedup ?? ''),
    (value) => {
      // Shingle options and the dedup unit go when they no longer apply (dropInapplicable, on emit),
      // so switching modes never leaves a refused value behind.
      set('textDedup', value || undefined);
      emit();
    },
    { id: controlId('textDedup'), aria: { label: textDedupSpec.label }, attrs: { title: textDedupSpec.help } },
  );
  const benchmarkControl = textArea(optionSpec('benchmark').label, Array.isArray(options.benchmark) ? options.benchmark.join('\n') : '', (value) => {
    const files = value.split('\n').map((line) => line.trim()).filter(Boolean);
    set('benchmark', files.length > 0 ? files : undefined);
    emit();
  }, { id: controlId('benchmark'), rows: 2, placeholder: 'one JSONL or .txt file per line, e.g. evals/gsm8k.jsonl' });
  // Options that apply only under another one (their spec's `needs`: a shingle size under MinHash or
  // leakage, an n-gram length under benchmarks, …): shown only where they apply, and dropped from the
  // options when what they depend on is turned off, so a hidden control never sends a value or a problem.
  const dependentFields = new Map<OptionKey, HTMLElement>([
    ['textDedupThreshold', thresholdRow],
    ['leakageThreshold', leakageDistanceRow],
  ]);
  const dependentText = (key: OptionKey, placeholder: string, parse?: (text: string) => unknown) => {
    const control = textControl(key, placeholder, parse);
    refreshers.set(key, () => (control.value = options[key] === undefined ? '' : String(options[key])));
    const node = field(key, control);
    dependentFields.set(key, node);
    return node;
  };
  const integer = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const shingleField = dependentText('shingleSize', `e.g. ${optionSpec('shingleSize').default}`, integer);
  const benchmarkFields = el(
    'div',
    { class: 'row' },
    dependentText('benchmarkField', String(optionSpec('benchmarkField').default)),
    dependentText('ngram', `e.g. ${optionSpec('ngram').default}`, integer),
  );
  const dedupUnitControl = choiceControl('dedupUnit');
  refreshers.set('dedupUnit', () => (dedupUnitControl.value = String(options.dedupUnit ?? optionSpec('dedupUnit').default)));
  const dedupUnitField = field('dedupUnit', el('div', { class: 'row' }, labelFor('dedupUnit'), dedupUnitControl));
  dependentFields.set('dedupUnit', dedupUnitField);
  const applies = (key: OptionKey) => optionSpec(key).needs?.(options) === undefined;
  /** Shows the dependent controls that apply (and any holding a value, so its problem can be seen and fixed). */
  const showDependents = () => {
    for (const [key, node] of dependentFields) node.hidden = !applies(key) && options[key] === undefined;
  };
  /** Drops the dependent options that no longer apply and clears their hidden controls (every change, before the check). */
  function dropInapplicable(): void {
    for (const key of dependentFields.keys()) {
      if (applies(key)) continue;
      delete options[key];
      refresh(key);
    }
    showDependents();
  }
  const keptIds = el('p', { class: 'muted kept-ids', id: controlId('keep') });
  const showKept = () => {
    const ids = Array.isArray(options.keep) ? (options.keep as string[]) : [];
    keptIds.replaceChildren(
      ids.length === 0 ? 'No ids kept by hand ("Keep this one instead" in the Excluded tab adds one).' : `Kept by hand: ${ids.join(', ')} `,
      ids.length === 0 ? '' : button('Clear', () => {
        delete options.keep;
        showKept();
        emit();
      }, { appearance: 'secondary', id: 'clear-keep' }),
    );
  };
  showKept();
  showDependents();
  const textCuration = [
    field('textDedup', el('div', { class: 'row' }, labelFor('textDedup'), textDedupControl)),
    thresholdRow,
    shingleField,
    field('benchmark', benchmarkControl),
    benchmarkFields,
    dedupUnitField,
    field('keep', keptIds),
  ];

  const curation: (HTMLElement | null)[] = [sliderControl('minReward'), ...textCuration];
  if (context.hasEmbeddings) {
    curation.push(
      sliderControl('dedupThreshold'),
      field(
        'holdout',
        el('div', { class: 'row' }, holdout, button('Pick…', async () => {
          const picked = await context.onPickHoldout();
          if (!picked) return;
          holdout.value = picked;
          options.holdout = picked;
          if (options.decontaminateThreshold === undefined) options.decontaminateThreshold = optionSpec('decontaminateThreshold').slider!.start;
          showResolved();
          refresh('decontaminateThreshold');
          emit();
        }, { appearance: 'secondary', id: 'pick-holdout' })),
        holdoutHint,
      ),
      sliderControl('decontaminateThreshold'),
    );
  } else {
    curation.push(el('p', { class: 'muted' }, 'Dedup and decontamination need embeddings; this store has none.'));
  }

  const node = el(
    'form',
    { class: 'options', aria: { label: 'export options' }, on: { submit: (event: Event) => event.preventDefault() } },
    el(
      'div',
      { class: 'row' },
      labelFor('task'),
      choiceControl('task', () => showWhen()),
      labelFor('groupBy'),
      ...groupingControl('groupBy'),
      labelFor('version'),
      versionControl,
      labelFor('order'),
      choiceControl('order'),
      labelFor('format'),
      choiceControl('format', () => showWhen()),
    ),
    formField,
    errorLine('format'),
    errorLine('task'),
    errorLine('groupBy'),
    errorLine('version'),
    el(
      'fieldset',
      null,
      el('legend', null, 'Filters'),
      el(
        'div',
        { class: 'row' },
        quickField('role', 'Role', 'e.g. user'),
        quickField('tenant', 'Tenant', 'e.g. acme'),
        quickField('source', 'Source', 'e.g. chat-web'),
        quickField('from', 'Created from', 'e.g. 2025-01-01T00:00:00Z'),
        quickField('to', 'Created to', 'e.g. 2025-12-31T23:59:59Z'),
      ),
      textArea('Filter JSON (RecordFilters; other keys filter metadata)', filterRest, (value) => {
        filterRest = value;
        emit();
      }, { id: 'filter-json', rows: 3, placeholder: 'e.g. {"topic": {"contains": "billing"}}' }),
      errorLine('filter'),
      el('div', { class: 'row' }, booleanControl('includeExpired'), booleanControl('includeRetired')),
      field('referenceTime', textControl('referenceTime', 'e.g. 2025-06-01T00:00:00Z')),
    ),
    el('fieldset', null, el('legend', null, 'Curation'), ...curation),
    el('fieldset', { class: 'format-options' }, el('legend', null, 'Trainer lines and tokens'), ...formatFields.values(), tokenFields),
    el(
      'fieldset',
      null,
      el('legend', null, 'Split'),
      checkbox('Group-disjoint train / eval split', splitOn, (on) => {
        splitFields.hidden = !on;
        if (on) options.splitEval = options.splitEval ?? optionSpec('splitEval').slider!.start;
        // The leakage distance and the shingle options the check needed follow (dropInapplicable, on emit).
        else for (const key of ['splitEval', 'splitBy', 'splitSeed', 'leakage']) delete options[key];
        // The fraction that applies is in its field, not only in the options sent.
        evalFraction.value = options.splitEval === undefined ? '' : String(options.splitEval);
        emit();
      }, { id: 'split-enabled' }),
      splitFields,
      leakageDistanceRow,
      errorLine('splitEval'),
      errorLine('splitBy'),
      errorLine('splitSeed'),
      errorLine('leakage'),
    ),
    errorLine('options'),
  );
  problems = check();
  for (const [key, line] of errors) line.textContent = problems[key as OptionKey] ?? '';
  return {
    node,
    problems: () => problems,
    keep(id: string) {
      const ids = Array.isArray(options.keep) ? (options.keep as string[]) : [];
      if (ids.includes(id)) return;
      options.keep = [...ids, id];
      showKept();
      emit();
    },
  };
}

/** Drops unset fields, so the options are minimal and stable. */
function clean(options: Record<string, unknown>): ExportOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ExportOptions;
}

export type { FieldElement, OptionSpec };

/** The value an unset slider option takes anyway (its default, given the other options), or undefined when unset means off. */
function applyingDefault(key: OptionKey, options: Record<string, unknown>): number | undefined {
  if (key === 'leakageThreshold') return (options.dedupThreshold as number | undefined) ?? 0.05;
  const fallback = optionSpec(key).default;
  return typeof fallback === 'number' ? fallback : undefined;
}
