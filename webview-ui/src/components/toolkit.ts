/**
 * The only module that imports the webview UI toolkit. The toolkit was
 * deprecated upstream on 2025-01-01; keeping it behind these few factories
 * means a swap (e.g. to @vscode-elements/elements) touches one file.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeTextArea,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { el, Props } from '../elements';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeBadge(),
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
    vsCodeTextArea(),
    vsCodeTextField(),
  );
}

export interface FieldElement extends HTMLElement {
  value: string;
  checked: boolean;
  disabled: boolean;
}

export function button(label: string, onClick: () => void, props: Props & { appearance?: 'primary' | 'secondary' | 'icon' } = {}): FieldElement {
  const node = el('vscode-button', props, label) as FieldElement;
  if (props.appearance) node.setAttribute('appearance', props.appearance);
  node.addEventListener('click', onClick);
  return node;
}

export function dropdown(choices: readonly { value: string; label: string }[], value: string, onChange: (value: string) => void, props: Props = {}): FieldElement {
  const node = el('vscode-dropdown', props) as FieldElement;
  for (const choice of choices) {
    const option = el('vscode-option', null, choice.label) as FieldElement;
    option.setAttribute('value', choice.value);
    if (choice.value === value) option.setAttribute('selected', '');
    node.appendChild(option);
  }
  node.value = value;
  node.addEventListener('change', () => onChange(node.value));
  return node;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, props: Props = {}): FieldElement {
  const node = el('vscode-checkbox', props, label) as FieldElement;
  node.checked = checked;
  if (checked) node.setAttribute('checked', '');
  node.addEventListener('change', () => onChange(node.checked));
  return node;
}

export function textField(label: string, value: string, onInput: (value: string) => void, props: Props & { placeholder?: string } = {}): FieldElement {
  const node = el('vscode-text-field', props, label) as FieldElement;
  node.value = value;
  if (props.placeholder) node.setAttribute('placeholder', props.placeholder);
  node.addEventListener('input', () => onInput(node.value));
  return node;
}

export function textArea(label: string, value: string, onInput: (value: string) => void, props: Props & { rows?: number; placeholder?: string } = {}): FieldElement {
  const node = el('vscode-text-area', props, label) as FieldElement;
  node.value = value;
  node.setAttribute('rows', String(props.rows ?? 4));
  node.setAttribute('resize', 'vertical');
  if (props.placeholder) node.setAttribute('placeholder', props.placeholder);
  node.addEventListener('input', () => onInput(node.value));
  return node;
}

export function badge(text: string, props: Props = {}): HTMLElement {
  return el('vscode-badge', props, text);
}

export function divider(): HTMLElement {
  return el('vscode-divider', { role: 'separator' });
}

export function progressRing(): HTMLElement {
  return el('vscode-progress-ring', { aria: { label: 'counting' } });
}

/** Tabs: returns the panels element and a function to select a tab by id. */
export function tabs(items: { id: string; label: string; content: HTMLElement }[], active: string, onSelect: (id: string) => void): { node: HTMLElement; select(id: string): void } {
  const panels = el('vscode-panels', { aria: { label: 'preview sections' } });
  for (const item of items) {
    const tab = el('vscode-panel-tab', { id: `tab-${item.id}` }, item.label);
    panels.appendChild(tab);
  }
  for (const item of items) panels.appendChild(el('vscode-panel-view', { id: `view-${item.id}` }, item.content));
  panels.setAttribute('activeid', `tab-${active}`);
  panels.addEventListener('change', (event) => {
    const id = ((event as CustomEvent).detail as HTMLElement | undefined)?.id?.replace(/^tab-/, '');
    if (id) onSelect(id);
  });
  return { node: panels, select: (id) => panels.setAttribute('activeid', `tab-${id}`) };
}
