import type { OutputView } from '../../../src/protocol/messages';
import { el, formatCount } from '../elements';

/**
 * Examples the format stage dropped (a trainer's rule, the token limit),
 * listed apart from record-level exclusions: group, records and reason.
 */
export function droppedExamplesView(output: OutputView): HTMLElement | null {
  const dropped = output.excludedExamples;
  if (!dropped || dropped.total === 0) return null;
  return el(
    'details',
    { class: 'dropped-examples' },
    el('summary', null, `${formatCount(dropped.total)} example${dropped.total === 1 ? '' : 's'} dropped by the format stage`),
    el(
      'ul',
      null,
      ...dropped.items.map((drop) =>
        el('li', { class: 'dropped-example' }, el('span', { class: 'link-like' }, drop.group), ' · ', el('span', { class: 'dropped-reason' }, drop.reason), el('span', { class: 'muted' }, ` (${drop.record_ids.join(', ')})`)),
      ),
    ),
  );
}
