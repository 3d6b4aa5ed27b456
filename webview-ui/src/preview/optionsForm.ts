import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { optionProblem } from '../../../src/core/options/exportOptions';
import { optionDropped, optionShown } from '../../../src/core/options/optionNeeds';
import { defaultOf, isOptionKey, OPTION_KEYS, OPTION_SPECS, OptionKey, optionSpec, OptionSpec } from '../../../src/core/options/optionSpecs';
import { resolveExportOptions } from '../../../src/core/options/resolveExportOptions';
import { CuratorError } from '../../../src/core/errors';
import type { VersionView } from '../../../src/protocol/messages';
import { button, checkbox, FieldElement, textArea, textField } from '../components/toolkit';
import { el } from '../elements';
import { choiceControl, groupingControl, offOrChoiceControl, versionControl } from './choiceControls';
import { composeFilter, splitFilter } from './filterFields';
import { controlId, field, FormKit, labelFor } from './formKit';
import { sliderControl } from './sliderControl';
import { booleanControl, holdoutControl, pathListControl, textControl } from './textControls';

export { controlId };

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


/**
 * The options form, built from the options table: each control's label,
 * choices, range, default and help come from the option's spec, and each
 * value is checked by the same schema the host and the core apply. Which
 * controls show, and which values go when what they depend on goes, follow
 * the options' `needs` (`optionNeeds.ts`). A problem shows under its control;
 * the form reports it instead of sending options the core would refuse.
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
    showApplicable();
    // A default that follows other options (the dedup unit follows the grouping) is shown as it now resolves.
    for (const key of OPTION_KEYS) if (options[key] === undefined && optionSpec(key).dependentDefault) refresh(key);
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

  const fields = new Map<OptionKey, HTMLElement>();
  const kit: FormKit = { options, set, emit, refreshers, refresh, errorLine, fields };
  /**
   * Drops the options that are settings of something no longer there (a `part` need unmet: a shingle
   * size once MinHash is off, the leakage check once the split is), until none is left, and clears
   * their controls (every change, before the check), so a hidden control never sends a value or a problem.
   */
  function dropInapplicable(): void {
    for (let dropped = true; dropped; ) {
      dropped = false;
      for (const key of OPTION_KEYS) {
        if (options[key] === undefined || !optionDropped(key, options)) continue;
        delete options[key];
        dropped = true;
      }
    }
    for (const key of OPTION_KEYS) if (optionDropped(key, options)) refresh(key);
  }
  /** Shows each option's field where the option applies, or while it holds a value refused there (so the problem can be seen and fixed). */
  function showApplicable(): void {
    for (const [key, node] of fields) node.hidden = !optionShown(key, options);
  }

  // ---- shape
  const formField = field(kit, 'form', labelFor('form'), choiceControl(kit, 'form'));
  const pairScopeControl = choiceControl(kit, 'pairScope');
  refreshers.set('pairScope', () => (pairScopeControl.value = String(options.pairScope ?? optionSpec('pairScope').default)));
  const pairScopeField = field(kit, 'pairScope', labelFor('pairScope'), pairScopeControl);
  // ---- format: the options of trainer lines (shown under the formats and forms they apply to)
  const formatFields = [
    field(kit, 'rankedPairs', labelFor('rankedPairs'), choiceControl(kit, 'rankedPairs')),
    field(kit, 'margin', booleanControl(kit, 'margin')),
    field(kit, 'tools', textControl(kit, 'tools', 'e.g. tools.json')),
  ];
  const tokenFields = el(
    'div',
    { class: 'row' },
    field(kit, 'tokenizer', textControl(kit, 'tokenizer', 'o200k_base, cl100k_base or tokenizer.json')),
    field(kit, 'chatTemplate', textControl(kit, 'chatTemplate', 'e.g. tokenizer_config.json')),
    field(kit, 'maxTokens', textControl(kit, 'maxTokens', 'e.g. 4096', (text) => (text.trim() === '' ? undefined : Number(text)))),
  );
  const versionDropdown = versionControl(kit, context.versions);

  // ---- filters: quick fields and the JSON editor make one filter option
  const quickField = (name: string, label: string, hint: string) =>
    textField(label, quick[name] ?? '', (value) => {
      quick[name] = value;
      emit();
    }, { id: `quick-${name}`, placeholder: hint });

  // ---- split: one switch for the three split options
  const splitOn = options.splitEval !== undefined;
  const evalFraction = textControl(kit, 'splitEval', `e.g. ${optionSpec('splitEval').slider!.start}`, (text) => (text.trim() === '' ? Number.NaN : Number(text)));
  const splitFields = el(
    'div',
    { class: 'row' },
    evalFraction,
    labelFor('splitBy'),
    ...groupingControl(kit, 'splitBy'),
    textControl(kit, 'splitSeed', `e.g. ${optionSpec('splitSeed').default}`, (text) => text.trim() || undefined),
    labelFor('leakage'),
    // The leakage distance and the shingle options follow (their needs, on emit).
    offOrChoiceControl(kit, 'leakage'),
  );
  splitFields.hidden = !splitOn;
  const leakageDistanceRow = sliderControl(kit, 'leakageThreshold');

  // ---- text curation: a mode (off, exact, MinHash) with its threshold, benchmarks one path per line, the kept ids
  const thresholdRow = sliderControl(kit, 'textDedupThreshold');
  // Shingle options and the dedup unit go when they no longer apply (their needs, on emit),
  // so switching modes never leaves a refused value behind.
  const textDedupControl = offOrChoiceControl(kit, 'textDedup');
  const benchmarkControl = pathListControl(kit, 'benchmark', 'one JSONL or .txt file per line, e.g. evals/gsm8k.jsonl');
  /** A text field cleared when its option is dropped (a shingle size under MinHash or leakage, an n-gram length under benchmarks, …). */
  const dependentText = (key: OptionKey, placeholder: string, parse?: (text: string) => unknown) => {
    const control = textControl(kit, key, placeholder, parse);
    refreshers.set(key, () => (control.value = options[key] === undefined ? '' : String(options[key])));
    return field(kit, key, control);
  };
  const integer = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const shingleField = dependentText('shingleSize', `e.g. ${optionSpec('shingleSize').default}`, integer);
  const benchmarkFields = el(
    'div',
    { class: 'row' },
    dependentText('benchmarkField', String(optionSpec('benchmarkField').default)),
    dependentText('ngram', `e.g. ${optionSpec('ngram').default}`, integer),
  );
  const dedupUnitControl = choiceControl(kit, 'dedupUnit');
  refreshers.set('dedupUnit', () => (dedupUnitControl.value = String(options.dedupUnit ?? defaultOf('dedupUnit', options))));
  const dedupUnitField = field(kit, 'dedupUnit', el('div', { class: 'row' }, labelFor('dedupUnit'), dedupUnitControl));
  const keptIds = el('p', { class: 'muted kept-ids', id: controlId('keep') });
  const showKept = () => {
    const ids = Array.isArray(options.keep) ? (options.keep as string[]) : [];
    keptIds.replaceChildren(
      ids.length === 0
        ? 'No ids kept by hand ("Keep this one instead" in the Excluded tab adds one).'
        : `Kept by hand: ${ids.join(', ')}. Each dedup stage keeps these first and removes their duplicates, earlier or later. `,
      ids.length === 0 ? '' : button('Clear', () => {
        delete options.keep;
        showKept();
        emit();
      }, { appearance: 'secondary', id: 'clear-keep' }),
    );
  };
  showKept();
  const textCuration = [
    field(kit, 'textDedup', el('div', { class: 'row' }, labelFor('textDedup'), textDedupControl)),
    thresholdRow,
    shingleField,
    field(kit, 'benchmark', benchmarkControl),
    benchmarkFields,
    dedupUnitField,
    field(kit, 'keep', keptIds),
  ];

  const curation: (HTMLElement | null)[] = [sliderControl(kit, 'minReward'), ...textCuration];
  if (context.hasEmbeddings) {
    curation.push(
      sliderControl(kit, 'dedupThreshold'),
      holdoutControl(kit, context.baseDir, () => context.onPickHoldout()),
      sliderControl(kit, 'decontaminateThreshold'),
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
      choiceControl(kit, 'task'),
      labelFor('groupBy'),
      ...groupingControl(kit, 'groupBy'),
      labelFor('version'),
      versionDropdown,
      labelFor('order'),
      choiceControl(kit, 'order'),
      labelFor('format'),
      choiceControl(kit, 'format'),
    ),
    formField,
    pairScopeField,
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
      el('div', { class: 'row' }, booleanControl(kit, 'includeExpired'), booleanControl(kit, 'includeRetired')),
      field(kit, 'referenceTime', textControl(kit, 'referenceTime', 'e.g. 2025-06-01T00:00:00Z')),
    ),
    el('fieldset', null, el('legend', null, 'Curation'), ...curation),
    el('fieldset', { class: 'format-options' }, el('legend', null, 'Trainer lines and tokens'), ...formatFields, tokenFields),
    el(
      'fieldset',
      null,
      el('legend', null, 'Split'),
      checkbox('Group-disjoint train / eval split', splitOn, (on) => {
        splitFields.hidden = !on;
        if (on) options.splitEval = options.splitEval ?? optionSpec('splitEval').slider!.start;
        // The split's grouping, seed and leakage check, and what the check needed, follow (their needs, on emit).
        else delete options.splitEval;
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
  showApplicable();
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
