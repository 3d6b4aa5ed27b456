import { LeakagePairView, LeakageView } from '../../../src/protocol/messages';
import { formatDistance } from '../../../src/core/strings/formatDistance';
import { clickable, el, formatCount } from '../elements';

export interface LeakageViewOptions {
  /** Shows a record's detail in `slot`, in place beside its pair. */
  onRecord(id: string, slot: HTMLElement): void;
  /** Sections the user collapsed (remembered across recounts). */
  collapsed: ReadonlySet<string>;
  onToggle(section: string, open: boolean): void;
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * The split's near-duplicate pairs across train and eval (`--leakage`): what
 * was compared and how, each pair with the evidence of the measure(s) that
 * found it and its records openable in place, and for `move` what moved and
 * what still straddles. The same pairs as `<out>.leakage.json`.
 */
export function leakageView(leakage: LeakageView | undefined, options: LeakageViewOptions): HTMLElement | null {
  if (!leakage) return null;
  const moved = leakage.mode === 'move' ? `; moved ${plural(leakage.moved, 'train group', 'train groups')} to eval, ${plural(leakage.remaining, 'pair still straddles', 'pairs still straddle')}` : '';
  const summary = `Train/eval leakage: ${plural(leakage.pairs, 'near-duplicate pair straddles', 'near-duplicate pairs straddle')} the split${moved}.`;
  const measures = [
    `embedding cosine distance ≤ ${formatDistance(leakage.distance)} (${formatCount(leakage.embedded)} of ${plural(leakage.records, 'record has', 'records have')} an embedding)`,
    leakage.text ? `shingle Jaccard ≥ ${leakage.text.threshold} (${leakage.text.shingleSize}-word shingles)` : null,
  ].filter((m): m is string => m !== null);
  const blind = leakage.embedded === 0 && !leakage.text;
  const details = el(
    'details',
    { class: 'excluded-stage leakage', id: 'leakage-report', dataset: { stage: 'leakage' } },
    el('summary', { id: 'leakage-summary', role: 'status' }, summary),
    el('p', { class: 'muted leakage-measures' }, `A pair leaks by ${measures.join(' or by ')}.`),
    blind ? el('p', { class: 'warning', id: 'leakage-blind' }, 'No curated record has an embedding, so nothing could be compared: turn on text dedup to compare texts.') : null,
    pairTable('leakage-pairs', leakage.mode === 'move' ? 'Before the move' : null, leakage.shownPairs, leakage.pairs, leakage.lines, options),
    leakage.mode === 'move' && leakage.remaining > 0 ? pairTable('leakage-remaining', 'Still straddling after the move (a second pass would move these)', leakage.shownRemaining, leakage.remaining, leakage.remainingLines, options) : null,
  );
  details.open = leakage.pairs > 0 && !options.collapsed.has('leakage');
  details.addEventListener('toggle', () => options.onToggle('leakage', details.open));
  return details;
}

function pairTable(id: string, caption: string | null, pairs: readonly LeakagePairView[], total: number, lines: number | undefined, options: LeakageViewOptions): HTMLElement {
  if (total === 0) return el('p', { class: 'muted', id }, 'none');
  const listed = lines ?? total;
  return el(
    'div',
    { id },
    caption ? el('h4', null, caption) : null,
    lines !== undefined && lines < total ? el('p', { class: 'muted leakage-folding' }, `${plural(total, 'pair', 'pairs')} in ${plural(lines, 'line', 'lines')}: most severe first; a text many pairs share is one line.`) : el('p', { class: 'muted leakage-folding' }, 'Most severe first.'),
    el(
      'table',
      { class: 'leakage-pairs' },
      el('thead', null, el('tr', null, el('th', null, 'train'), el('th', null, 'eval'), el('th', null, 'evidence'))),
      el('tbody', null, ...pairs.flatMap((pair) => pairRows(pair, options))),
    ),
    listed > pairs.length ? el('p', { class: 'muted' }, `… and ${formatCount(listed - pairs.length)} more lines (every pair is in <out>.leakage.json)`) : null,
  );
}

function pairRows(pair: LeakagePairView, options: LeakageViewOptions): HTMLElement[] {
  const slot = el('td', { class: 'record-slot', attrs: { colspan: '3' } });
  const detail = el('tr', { class: 'leakage-detail' }, slot);
  const side = (id: string, group: string, text: string | undefined, which: string) =>
    el(
      'td',
      { class: `leak-side leak-${which}` },
      clickable(el('span', { class: 'link record-link' }, id), () => options.onRecord(id, slot), `show ${which} record ${id}`),
      el('span', { class: 'muted' }, ` · group ${group}`),
      text !== undefined && !pair.folded ? el('div', { class: 'leak-text' }, text) : null,
    );
  const evidence = [
    pair.distance !== undefined ? el('span', { class: 'leak-distance', dataset: { distance: String(pair.distance) } }, `distance ${formatDistance(pair.distance)}`) : null,
    pair.distance !== undefined && pair.similarity !== undefined ? ' · ' : null,
    pair.similarity !== undefined ? el('span', { class: 'leak-similarity', dataset: { similarity: String(pair.similarity) } }, `Jaccard ${pair.similarity.toFixed(3)}`) : null,
    pair.recordPairs !== undefined ? el('div', { class: 'muted leak-record-pairs' }, `${plural(pair.recordPairs, 'record pair', 'record pairs')} between the groups${pair.recordPairs > 1 ? ' (the closest shown)' : ''}`) : null,
  ];
  const folded = pair.folded
    ? el(
        'tr',
        { class: 'leakage-folded', dataset: { pairs: String(pair.folded.pairs) } },
        el('td', { attrs: { colspan: '3' } }, el('q', { class: 'leak-text folded-text' }, pair.folded.text), el('span', { class: 'fold-count' }, ` × ${plural(pair.folded.pairs, 'pair', 'pairs')}`), el('span', { class: 'muted' }, ' (the closest below)')),
      )
    : null;
  const row = el('tr', { class: `leakage-pair${pair.folded ? ' folded-pair' : ''}`, dataset: { train: pair.trainId, eval: pair.evalId } }, side(pair.trainId, pair.trainGroup, pair.trainText, 'train'), side(pair.evalId, pair.evalGroup, pair.evalText, 'eval'), el('td', null, ...evidence));
  return folded ? [folded, row, detail] : [row, detail];
}
