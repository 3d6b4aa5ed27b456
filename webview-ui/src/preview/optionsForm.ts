import type { ExportOptions } from '../../../src/core';
import { parseRecordFilters } from '../../../src/core/listing/recordFilters';
import type { VersionView } from '../../../src/protocol/messages';
import { button, checkbox, dropdown, FieldElement, textArea, textField } from '../components/toolkit';
import { el } from '../elements';

export interface FormContext {
  versions: VersionView[];
  hasEmbeddings: boolean;
  onChange(options: ExportOptions): void;
  onPickHoldout(): Promise<string | null>;
}

const QUICK_KEYS = ['role', 'tenant', 'source'] as const;

/** Splits a filter into the quick fields it sets and the rest (shown as JSON). */
function splitFilter(text: string | undefined): { quick: Record<string, string>; rest: string } {
  const quick: Record<string, string> = {};
  if (!text) return { quick, rest: '' };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return { quick, rest: text };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { quick, rest: text };
  const rest: Record<string, unknown> = { ...value };
  for (const key of QUICK_KEYS) {
    if (typeof rest[key] === 'string') {
      quick[key] = rest[key] as string;
      delete rest[key];
    }
  }
  const range = rest.created_at as Record<string, unknown> | undefined;
  if (range && typeof range === 'object' && Object.keys(range).every((k) => k === 'gte' || k === 'lte')) {
    if (typeof range.gte === 'string') quick.from = range.gte;
    if (typeof range.lte === 'string') quick.to = range.lte;
    delete rest.created_at;
  }
  return { quick, rest: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '' };
}

/** Joins quick fields and the JSON editor into one filter; returns an error message when invalid. */
export function composeFilter(quick: Record<string, string>, rest: string): { filter?: string; error?: string } {
  let value: Record<string, unknown> = {};
  if (rest.trim()) {
    try {
      value = JSON.parse(rest);
    } catch (error) {
      return { error: `Filter JSON: ${(error as Error).message}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Filter JSON: filters must be a JSON object' };
  }
  for (const key of QUICK_KEYS) if (quick[key]?.trim()) value[key] = quick[key].trim();
  if (quick.from?.trim() || quick.to?.trim()) {
    value.created_at = { ...(quick.from?.trim() ? { gte: quick.from.trim() } : {}), ...(quick.to?.trim() ? { lte: quick.to.trim() } : {}) };
  }
  if (Object.keys(value).length === 0) return {};
  const filter = JSON.stringify(value);
  try {
    parseRecordFilters(filter); // the core's own grammar: same errors as the CLI
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { filter };
}

/**
 * The options form: task, form, grouping, filters (JSON editor checked
 * against the filter grammar, plus quick fields), reward and dedup sliders,
 * decontamination, split, version and lifecycle switches. Calls `onChange`
 * with complete, valid options; shows problems next to the field.
 */
export function optionsForm(initial: ExportOptions, context: FormContext): HTMLElement {
  const options: ExportOptions = { ...initial };
  const { quick, rest } = splitFilter(initial.filter);
  let filterRest = rest;
  const filterError = el('p', { class: 'field-error', role: 'alert', id: 'filter-error' });
  const emit = () => {
    const composed = composeFilter(quick, filterRest);
    filterError.textContent = composed.error ?? '';
    if (composed.error) return;
    options.filter = composed.filter;
    context.onChange(clean(options));
  };

  const formRow = el('div', { class: 'row', id: 'form-row' });
  const formSelect = dropdown(
    [
      { value: 'paired', label: 'paired (chosen / rejected)' },
      { value: 'unpaired', label: 'unpaired (KTO labels)' },
      { value: 'ranked', label: 'ranked (N-way)' },
    ],
    options.form ?? 'paired',
    (value) => {
      options.form = value as ExportOptions['form'];
      emit();
    },
    { id: 'form', aria: { label: 'preference form' } },
  );
  formRow.append(el('label', { attrs: { for: 'form' } }, 'Form'), formSelect);
  formRow.hidden = (options.task ?? 'sft') !== 'preference';

  const groupChoices = ['session_id', 'run_id', 'tenant', 'source', 'bot_id', 'none', 'external_id_prefix'];
  const currentGroup = options.groupBy ?? 'session_id';
  const delimiter = textField('Delimiter', currentGroup.startsWith('external_id_prefix:') ? currentGroup.slice('external_id_prefix:'.length) : '#', (value) => {
    if (!value) return;
    options.groupBy = `external_id_prefix:${value}`;
    emit();
  }, { id: 'group-delimiter' });
  delimiter.hidden = !currentGroup.startsWith('external_id_prefix:');

  const versionChoices = [{ value: '', label: 'latest' }, ...[...context.versions].reverse().map((v) => ({ value: String(v.version), label: `v${v.version} · ${new Date(v.timestamp).toLocaleString()}` }))];

  const slider = (id: string, label: string, min: number, max: number, step: number, value: number | undefined, fallback: number, apply: (value: number | undefined) => void) => {
    const enabled = checkbox(label, value !== undefined, (on) => {
      apply(on ? Number(range.value) : undefined);
      emit();
    }, { id: `${id}-enabled` });
    const range = el('input', { id: `${id}-slider`, attrs: { type: 'range', min: String(min), max: String(max), step: String(step), 'aria-label': label } });
    range.value = String(value ?? fallback);
    const number = el('input', { class: 'number', id: `${id}-value`, attrs: { type: 'number', step: String(step), 'aria-label': `${label} value` } });
    number.value = range.value;
    const set = (text: string) => {
      const parsed = Number(text);
      if (text.trim() === '' || !Number.isFinite(parsed)) return;
      enabled.checked = true;
      apply(parsed);
      emit();
    };
    range.addEventListener('input', () => {
      number.value = range.value;
      set(range.value);
    });
    number.addEventListener('change', () => {
      range.value = number.value;
      set(number.value);
    });
    return el('div', { class: 'row slider-row' }, enabled, range, number);
  };

  const holdout = textField('Holdout (JSONL or .lance)', options.holdout ?? '', (value) => {
    options.holdout = value.trim() || undefined;
    if (options.holdout && options.decontaminateThreshold === undefined) options.decontaminateThreshold = Number(holdoutThreshold.value) || 0.05;
    if (!options.holdout) options.decontaminateThreshold = undefined;
    emit();
  }, { id: 'holdout', placeholder: 'evals/benchmark.jsonl' });
  const holdoutThreshold = textField('Distance', String(options.decontaminateThreshold ?? 0.05), (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) return;
    if (options.holdout) {
      options.decontaminateThreshold = parsed;
      emit();
    }
  }, { id: 'holdout-threshold' });

  const splitOn = options.splitEval !== undefined;
  const splitFields = el('div', { class: 'row' });
  const splitFraction = textField('Eval fraction', String(options.splitEval ?? 0.1), (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) return;
    options.splitEval = parsed;
    emit();
  }, { id: 'split-eval' });
  const splitBy = dropdown(groupChoices.slice(0, 6).map((g) => ({ value: g, label: g })), options.splitBy ?? 'session_id', (value) => {
    options.splitBy = value;
    emit();
  }, { id: 'split-by', aria: { label: 'split by' } });
  const splitSeed = textField('Seed', String(options.splitSeed ?? 0), (value) => {
    if (!/^\d{1,20}$/.test(value.trim())) return;
    options.splitSeed = value.trim();
    emit();
  }, { id: 'split-seed' });
  splitFields.append(splitFraction, el('label', { attrs: { for: 'split-by' } }, 'by'), splitBy, splitSeed);
  splitFields.hidden = !splitOn;

  const quickField = (key: string, label: string, placeholder: string) =>
    textField(label, quick[key] ?? '', (value) => {
      quick[key] = value;
      emit();
    }, { id: `quick-${key}`, placeholder });

  const form = el(
    'form',
    { class: 'options', aria: { label: 'export options' }, on: { submit: (event: Event) => event.preventDefault() } },
    el(
      'div',
      { class: 'row' },
      el('label', { attrs: { for: 'task' } }, 'Task'),
      dropdown(
        [
          { value: 'sft', label: 'SFT' },
          { value: 'preference', label: 'Preference' },
          { value: 'rollout', label: 'Rollout' },
        ],
        options.task ?? 'sft',
        (value) => {
          options.task = value as ExportOptions['task'];
          formRow.hidden = value !== 'preference';
          emit();
        },
        { id: 'task', aria: { label: 'task' } },
      ),
      el('label', { attrs: { for: 'group-by' } }, 'Group by'),
      dropdown(groupChoices.map((g) => ({ value: g, label: g })), currentGroup.startsWith('external_id_prefix:') ? 'external_id_prefix' : currentGroup, (value) => {
        delimiter.hidden = value !== 'external_id_prefix';
        options.groupBy = value === 'external_id_prefix' ? `external_id_prefix:${delimiter.value || '#'}` : value;
        emit();
      }, { id: 'group-by', aria: { label: 'group by' } }),
      delimiter,
      el('label', { attrs: { for: 'version' } }, 'Version'),
      dropdown(versionChoices, options.version ? String(options.version) : '', (value) => {
        options.version = value ? Number(value) : undefined;
        emit();
      }, { id: 'version', aria: { label: 'dataset version' } }),
    ),
    formRow,
    el('fieldset', null, el('legend', null, 'Filters'),
      el('div', { class: 'row' },
        quickField('role', 'Role', 'user'),
        quickField('tenant', 'Tenant', 'acme'),
        quickField('source', 'Source', 'chat-web'),
        quickField('from', 'Created from', '2025-01-01T00:00:00Z'),
        quickField('to', 'Created to', '2025-12-31T23:59:59Z'),
      ),
      textArea('Filter JSON (RecordFilters; other keys filter metadata)', filterRest, (value) => {
        filterRest = value;
        emit();
      }, { id: 'filter-json', rows: 3, placeholder: '{"topic": {"contains": "billing"}}' }),
      filterError,
      el('div', { class: 'row' },
        checkbox('Include expired', !!options.includeExpired, (on) => ((options.includeExpired = on || undefined), emit()), { id: 'include-expired' }),
        checkbox('Include retired / superseded', !!options.includeRetired, (on) => ((options.includeRetired = on || undefined), emit()), { id: 'include-retired' }),
      ),
    ),
    el('fieldset', null, el('legend', null, 'Curation'),
      slider('min-reward', 'Min reward', 0, 1, 0.01, options.minReward, 0.5, (v) => (options.minReward = v)),
      context.hasEmbeddings
        ? slider('dedup', 'Dedup threshold (cosine distance)', 0, 0.3, 0.001, options.dedupThreshold, 0.05, (v) => (options.dedupThreshold = v))
        : el('p', { class: 'muted' }, 'Dedup and decontamination need embeddings; this store has none.'),
      context.hasEmbeddings
        ? el('div', { class: 'row' }, holdout, button('Pick…', async () => {
            const picked = await context.onPickHoldout();
            if (!picked) return;
            holdout.value = picked;
            options.holdout = picked;
            options.decontaminateThreshold = Number(holdoutThreshold.value) || 0.05;
            emit();
          }, { appearance: 'secondary', id: 'pick-holdout' }), holdoutThreshold)
        : null,
    ),
    el('fieldset', null, el('legend', null, 'Split'),
      checkbox('Group-disjoint train / eval split', splitOn, (on) => {
        splitFields.hidden = !on;
        options.splitEval = on ? Number(splitFraction.value) || 0.1 : undefined;
        options.splitBy = on ? splitBy.value : undefined;
        options.splitSeed = on ? splitSeed.value || '0' : undefined;
        emit();
      }, { id: 'split-enabled' }),
      splitFields,
    ),
  );
  return form;
}

/** Drops undefined fields, so the options are minimal and stable. */
function clean(options: ExportOptions): ExportOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ExportOptions;
}

export type { FieldElement };
