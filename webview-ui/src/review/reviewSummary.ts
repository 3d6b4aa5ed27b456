import type { LabelsReport, QueueProgress } from '../../../src/core';
import { el, formatCount } from '../elements';

/** "132 of 480 reviewed · median 2.4 s per item". */
export function progressText(progress: QueueProgress): string {
  const median = progress.medianMs === null ? '' : ` · median ${(progress.medianMs / 1000).toFixed(1)} s per item`;
  return `${formatCount(progress.reviewed)} of ${formatCount(progress.total)} reviewed${median}`;
}

/** The review summary: the numbers `labels show` reports for the same labels version. */
export function reviewSummary(report: LabelsReport | null): HTMLElement {
  if (!report) return el('p', { class: 'muted review-summary', id: 'review-summary' }, 'No decisions yet.');
  const { alpha, examples, reviewers } = report.agreement;
  const counts = (record: Record<string, number>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `${key} ${n}`).join(', ') || '-';
  return el(
    'dl',
    { class: 'review-summary', id: 'review-summary', dataset: { version: String(report.version) } },
    el('dt', null, 'Labels version'),
    el('dd', { dataset: { field: 'version' } }, String(report.version)),
    el('dt', null, 'Agreement'),
    el('dd', { dataset: { field: 'agreement' } }, alpha === null ? 'undefined' : `α ${alpha.toFixed(3)}`, ` (Krippendorff, nominal) over ${examples} examples decided by 2 or more of ${reviewers} reviewers`),
    el('dt', null, 'First-shown pick rate'),
    el(
      'dd',
      { dataset: { field: 'first-shown' } },
      Object.entries(report.first_shown_pick_rate).map(([who, b]) => `${who} ${b.rate === null ? '-' : `${(b.rate * 100).toFixed(1)}%`} (${b.first_shown}/${b.picks})`).join(' · ') || '-',
    ),
    el('dt', null, 'Events per action'),
    el('dd', { dataset: { field: 'per-action' } }, counts(report.counts.events_per_action)),
    el('dt', null, 'In effect per action'),
    el('dd', { dataset: { field: 'effective' } }, counts(report.counts.effective_per_action)),
  );
}

/** The keys, for `?`. */
export const REVIEW_KEYS: readonly [string, string][] = [
  ['j / k', 'next / previous item'],
  ['1 / 2  (← / →)', 'pick left / right (unpaired: desirable / not; ranked: place candidate n next)'],
  ['t', 'tie (with a reason)'],
  ['d', 'discard (with a reason)'],
  ['e / E', 'edit the left / right side in place (conversations: the last assistant turn)'],
  ['Enter', 'accept as it is'],
  ['u / U', 'undo (writes a retract) / redo (writes the decision again)'],
  ['l / L', 'the training line(s) the group of this item / of the item decided last now produces'],
  ['f', 'next queue filter'],
  ['Backspace', 'ranked: start the ranking over'],
  ['?', 'this sheet'],
];

export function keySheet(): HTMLElement {
  return el(
    'table',
    { class: 'key-sheet', id: 'review-keys', aria: { label: 'review keys' } },
    ...REVIEW_KEYS.map(([keys, what]) => el('tr', null, el('th', null, el('kbd', null, keys)), el('td', null, what))),
  );
}
