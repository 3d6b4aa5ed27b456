import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { optionSpec, OptionKey } from '../../../src/core/options/optionSpecs';
import { labelledMessage } from '../../../src/core/options/labelledMessage';
import type { PlanView, PreviewInit } from '../../../src/protocol/messages';
import { registerToolkit } from '../components/toolkit';
import { el, replaceChildren } from '../elements';
import { connectToHost } from '../webviewChannel';
import type { OptionProblems } from './optionsForm';
import { loadState, PreviewState, saveState } from './previewState';

// The page's shared state: what the panel shows, what it was counted from, and the host it talks to.
// The toolkit is registered before any of the page's controls is made.
registerToolkit();
export const host = connectToHost();

export const page: {
  state: PreviewState;
  init: PreviewInit | undefined;
  lastInitOptions: string;
  plan: PlanView | undefined;
  /** The exact options object the counts on screen were made from. */
  countedOptions: ExportOptions | undefined;
  problems: OptionProblems;
  optionsDetails: HTMLDetailsElement | undefined;
  /** Why the counts on screen may not be what Write would write; undefined when they are current. */
  staleReason: string | undefined;
} = {
  state: loadState(),
  init: undefined,
  lastInitOptions: '',
  plan: undefined,
  countedOptions: undefined,
  problems: {},
  optionsDetails: undefined,
  staleReason: 'not counted yet',
};

export const status = el('div', { class: 'status', role: 'status', id: 'status' });
export const funnel = el('div', { id: 'funnel' });

export function persist(): void {
  saveState(page.state);
}

export function setStatus(...children: (Node | string)[]): void {
  replaceChildren(status, ...children);
}

/** The first option problem, as "<Label>: <message>", or undefined when every option is valid. */
export function firstProblem(): string | undefined {
  const entry = Object.entries(page.problems).find(([, message]) => message);
  if (!entry) return undefined;
  const [key, message] = entry;
  if (key === 'options') return message;
  const label = optionSpec(key as OptionKey).label;
  // Messages that already name their field ("Filter JSON is not valid JSON") are not prefixed again.
  return message.toLowerCase().startsWith(label.split(' ')[0].toLowerCase()) ? message : `${label}: ${message}`;
}

/** An error for the status line: an option's problem is named by its label, as next to its control. */
export function describe(error: unknown): string {
  return labelledMessage(error);
}
