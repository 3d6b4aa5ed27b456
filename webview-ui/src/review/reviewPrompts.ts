import { el, replaceChildren } from '../elements';
import { wordDiff } from '../preview/wordDiff';

/** Most recent reasons the picker offers (on keys 1–9). */
export const RECENT_REASONS = 9;

/**
 * The reason picker of a discard or a tie, inside the item so focus stays
 * there: digits pick a recent reason, typing writes a new one, Enter confirms,
 * Escape cancels.
 */
export function reasonPicker(title: string, recent: readonly string[], done: (reason: string | null | undefined) => void): { node: HTMLElement; focus(): void } {
  const input = el('input', { class: 'reason-input', id: 'review-reason', attrs: { type: 'text', placeholder: 'a new reason, or a number for a recent one', 'aria-label': `${title}: reason` } });
  const list = el('ol', { class: 'reason-list' }, ...recent.slice(0, RECENT_REASONS).map((reason) => el('li', null, reason)));
  input.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      done(undefined);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const text = input.value.trim();
      done(text === '' ? null : text);
    } else if (/^[1-9]$/.test(event.key) && input.value === '' && recent[Number(event.key) - 1] !== undefined) {
      event.preventDefault();
      done(recent[Number(event.key) - 1]);
    }
  });
  return {
    node: el('div', { class: 'reason-picker', role: 'dialog', aria: { label: title } }, el('h4', null, title), list, input, el('p', { class: 'muted' }, 'Enter confirms (empty: no reason) · Esc cancels')),
    focus: () => input.focus(),
  };
}

/** Remembers `reason` first among the recent ones. */
export function rememberReason(recent: readonly string[], reason: string | null): string[] {
  if (!reason) return [...recent];
  return [reason, ...recent.filter((r) => r !== reason)].slice(0, RECENT_REASONS);
}

/**
 * Edit in place: the text in a box, and its word diff against the original as
 * it is typed. Ctrl+Enter saves, Escape cancels.
 */
export function editBox(recordId: string, original: string, done: (text: string | undefined) => void): { node: HTMLElement; focus(): void } {
  const area = el('textarea', { class: 'edit-text', id: 'review-edit', attrs: { rows: '8', 'aria-label': `edit record ${recordId}` } });
  area.value = original;
  const diff = el('div', { class: 'edit-diff', aria: { label: 'changes against the original' } });
  const redraw = () => {
    const runs = wordDiff(original, area.value);
    replaceChildren(diff, ...(runs ?? [{ kind: 'same' as const, text: '(too long to diff)' }]).map((run) => el(run.kind === 'removed' ? 'del' : run.kind === 'added' ? 'ins' : 'span', { class: `diff-${run.kind}` }, run.text, ' ')));
  };
  area.addEventListener('input', redraw);
  area.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      done(undefined);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      done(area.value);
    }
  });
  redraw();
  return {
    node: el('div', { class: 'edit-box' }, el('h4', null, `Edit ${recordId}`), area, el('p', { class: 'muted' }, 'Ctrl+Enter saves · Esc cancels'), diff),
    focus: () => area.focus(),
  };
}
