import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import { OptionKey, optionProblem, optionSpec, resolveExportOptions } from '../../core';
import { CuratorError } from '../../core/errors';
import { labelledMessage } from '../../core/options/labelledMessage';
import { optionAsked } from '../../core/options/optionNeeds';

/** What one step of the Export Training Set input asks: one option, asked where its needs say it applies (`optionAsked`). */
export interface OptionStep {
  key: OptionKey;
}

const BACK = Symbol('back');
type Answer<T> = T | typeof BACK | undefined;

/**
 * Asks for options one step at a time, as VS Code's own multi-step inputs do:
 * "step k of n" in the title, a Back button, each answer checked by the options
 * table as it is typed, and the rules between options checked at the end (a
 * refused answer sends the user back to its step). Resolves undefined when the
 * user cancels.
 */
export async function askOptions(title: string, steps: readonly OptionStep[], start: ExportOptions): Promise<ExportOptions | undefined> {
  const options: Record<string, unknown> = { ...start };
  let index = 0;
  for (;;) {
    const active = steps.filter((step, i) => optionAsked(step.key, steps.slice(0, i).map((s) => s.key), options));
    if (index >= active.length) {
      try {
        resolveExportOptions(options);
        return options as ExportOptions;
      } catch (error) {
        const option = CuratorError.is(error) ? error.details.option : undefined;
        const at = active.findIndex((step) => step.key === option);
        void vscode.window.showWarningMessage(labelledMessage(error));
        if (at < 0) return undefined;
        index = at;
        continue;
      }
    }
    const step = active[index];
    const answer = await askOne(`${title} (step ${index + 1} of ${active.length})`, step.key, options[step.key], index > 0);
    if (answer === undefined) return undefined;
    if (answer === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    if (answer.value === undefined) delete options[step.key];
    else options[step.key] = answer.value;
    index += 1;
  }
}

async function askOne(title: string, key: OptionKey, current: unknown, canGoBack: boolean): Promise<Answer<{ value: unknown }>> {
  const spec = optionSpec(key);
  if (spec.kind === 'choice' || (spec.kind === 'grouping' && spec.choices)) return pickChoice(title, key, current, canGoBack);
  return inputValue(title, key, current, canGoBack);
}

function pickChoice(title: string, key: OptionKey, current: unknown, canGoBack: boolean): Promise<Answer<{ value: unknown }>> {
  const spec = optionSpec(key);
  const selected = current ?? spec.default;
  const items = (spec.choices ?? []).map((choice) => ({
    label: choice.label,
    description: choice.value === selected ? `${choice.description ?? ''} (current)`.trim() : choice.description,
    value: choice.value,
  }));
  items.sort((a, b) => Number(b.value === selected) - Number(a.value === selected));
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.title = title;
    pick.placeholder = `${spec.label}: ${spec.help}`;
    pick.items = items;
    pick.buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
    let done = false;
    const finish = (answer: Answer<{ value: unknown }>) => {
      if (done) return;
      done = true;
      resolve(answer);
      pick.dispose();
    };
    pick.onDidTriggerButton(() => finish(BACK));
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0];
      if (!chosen) return;
      if (spec.kind === 'grouping' && chosen.value.startsWith('external_id_prefix:')) {
        const delimiter = await vscode.window.showInputBox({ title, prompt: 'Group by the external id up to this delimiter', value: '#', validateInput: (v) => (v ? undefined : 'enter a delimiter') });
        finish(delimiter ? { value: `external_id_prefix:${delimiter}` } : undefined);
        return;
      }
      finish({ value: chosen.value });
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

/** Text for a value in an input box; empty means "off" for options without a default. */
function inputValue(title: string, key: OptionKey, current: unknown, canGoBack: boolean): Promise<Answer<{ value: unknown }>> {
  const spec = optionSpec(key);
  const parse = (text: string): unknown => {
    if (text.trim() === '') return undefined;
    if (spec.kind === 'number' || spec.kind === 'integer') return Number(text);
    if (spec.kind === 'boolean') return text.trim() === 'true';
    return text;
  };
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.prompt = `${spec.label}: ${spec.help}${spec.default === undefined ? ' (leave empty for none)' : ''}`;
    box.placeholder = spec.slider ? `e.g. ${spec.slider.start}` : spec.kind === 'json' ? 'e.g. {"tenant": "acme"}' : '';
    box.value = current === undefined ? '' : String(current);
    box.buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
    let done = false;
    const finish = (answer: Answer<{ value: unknown }>) => {
      if (done) return;
      done = true;
      resolve(answer);
      box.dispose();
    };
    const check = (text: string) => {
      const value = parse(text);
      box.validationMessage = value === undefined ? undefined : optionProblem(key, value);
    };
    box.onDidChangeValue(check);
    box.onDidTriggerButton(() => finish(BACK));
    box.onDidAccept(() => {
      check(box.value);
      if (box.validationMessage) return;
      finish({ value: parse(box.value) });
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
