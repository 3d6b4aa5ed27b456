/**
 * Builds DOM nodes. Strings always become text nodes, never markup: record
 * text is untrusted and must show literally.
 */
import { formatCount } from '../../src/core/strings/formatCount';

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  title?: string;
  role?: string;
  tabIndex?: number;
  dataset?: Record<string, string>;
  aria?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }> & Record<string, (event: Event) => void>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function el(tag: string, props: Props | null = null, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  if (props) {
    if (props.class) node.className = props.class;
    if (props.id) node.id = props.id;
    if (props.title) node.title = props.title;
    if (props.role) node.setAttribute('role', props.role);
    if (props.tabIndex !== undefined) node.tabIndex = props.tabIndex;
    for (const [key, value] of Object.entries(props.dataset ?? {})) node.dataset[key] = value;
    for (const [key, value] of Object.entries(props.aria ?? {})) node.setAttribute(`aria-${key}`, value);
    for (const [key, value] of Object.entries(props.attrs ?? {})) {
      if (/^on/i.test(key) || key === 'style' || key === 'href' || key === 'src') throw new Error(`refusing attribute ${key}`);
      node.setAttribute(key, value);
    }
    for (const [event, handler] of Object.entries(props.on ?? {})) if (handler) node.addEventListener(event, handler as EventListener);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export { formatCount };

export function formatNumber(n: number, digits = 3): string {
  if (Number.isInteger(n)) return formatCount(n);
  return String(Number(n.toPrecision(digits)));
}

/** Makes an element act as a button for keyboard users too (Enter / Space). */
export function clickable<T extends HTMLElement>(node: T, action: () => void, label?: string): T {
  node.tabIndex = 0;
  node.setAttribute('role', 'button');
  if (label) node.setAttribute('aria-label', label);
  node.addEventListener('click', action);
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
  return node;
}
