import * as v from 'valibot';
import { usageError } from '../errors';
import { HUMAN_SOURCE, LabelEvent } from '../labels/labelEvent';
import type { ReviewItem } from './reviewItem';

/** What a reviewer decided about one item; each becomes one or more label events. */
export type ReviewDecision =
  /** Pairs: this record is the better one (the other is rejected). */
  | { action: 'pick'; recordId: string }
  /** Unpaired candidates: desirable (`chosen`) or not (`rejected`). */
  | { action: 'label'; recordId: string; value: 'chosen' | 'rejected' }
  /** Ranked lists: the records best first. */
  | { action: 'rank'; order: string[] }
  | { action: 'tie'; reason: string | null }
  | { action: 'discard'; reason: string | null }
  | { action: 'edit'; recordId: string; text: string }
  | { action: 'accept' };

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(10_000));
const Reason = v.nullable(v.pipe(v.string(), v.maxLength(2_000)));

/** The shape of a decision as it crosses a process boundary. */
export const ReviewDecisionSchema: v.GenericSchema<unknown, ReviewDecision> = v.variant('action', [
  v.strictObject({ action: v.literal('pick'), recordId: Id }),
  v.strictObject({ action: v.literal('label'), recordId: Id, value: v.picklist(['chosen', 'rejected'] as const) }),
  v.strictObject({ action: v.literal('rank'), order: v.pipe(v.array(Id), v.minLength(1), v.maxLength(100)) }),
  v.strictObject({ action: v.literal('tie'), reason: Reason }),
  v.strictObject({ action: v.literal('discard'), reason: Reason }),
  v.strictObject({ action: v.literal('edit'), recordId: Id, text: v.pipe(v.string(), v.maxLength(1_000_000)) }),
  v.strictObject({ action: v.literal('accept') }),
]);

/** Who decided, when, and what was on screen. */
export interface DecisionContext {
  reviewer: string;
  /** Microseconds since the epoch. */
  now: number;
  shownOrder: string[];
  durationMs: number | null;
  storeUri: string | null;
  storeVersion: number | null;
  newEventId: () => string;
}

/**
 * The events of a decision about `item` (docs/labels.md): a pick is `label
 * chosen` on the picked record and `label rejected` on the other, so a pick of
 * the other side later swaps the pair; a discard names every record of the item.
 */
export function decisionEvents(item: ReviewItem, decision: ReviewDecision, context: DecisionContext): LabelEvent[] {
  const ids = item.records.map((r) => r.id);
  const inItem = (id: string) => {
    if (!ids.includes(id)) throw usageError(`record ${id} is not in the item under review`, { recordId: id });
    return id;
  };
  const event = (fields: Partial<LabelEvent> & Pick<LabelEvent, 'action' | 'record_ids'>): LabelEvent => ({
    event_id: context.newEventId(),
    created_at: context.now,
    reviewer: context.reviewer,
    source: HUMAN_SOURCE,
    label: null,
    rank: null,
    text: null,
    reason: null,
    retracts: null,
    shown_order: context.shownOrder,
    store_uri: context.storeUri,
    store_version: context.storeVersion,
    duration_ms: context.durationMs,
    ...fields,
  });
  switch (decision.action) {
    case 'pick': {
      if (ids.length !== 2) throw usageError('a pick needs an item of two records');
      const picked = inItem(decision.recordId);
      const other = ids.find((id) => id !== picked)!;
      return [event({ action: 'label', label: 'chosen', record_ids: [picked] }), event({ action: 'label', label: 'rejected', record_ids: [other] })];
    }
    case 'label':
      return [event({ action: 'label', label: decision.value, record_ids: [inItem(decision.recordId)] })];
    case 'rank': {
      const order = decision.order.map(inItem);
      if (new Set(order).size !== ids.length) throw usageError('a ranking must name every record of the item once');
      return order.map((id, i) => event({ action: 'rank', rank: i + 1, record_ids: [id] }));
    }
    case 'tie':
      if (ids.length !== 2) throw usageError('a tie needs an item of two records');
      return [event({ action: 'tie', record_ids: ids, reason: decision.reason })];
    case 'discard':
      return [event({ action: 'discard', record_ids: ids, reason: decision.reason })];
    case 'edit':
      return [event({ action: 'edit', record_ids: [inItem(decision.recordId)], text: decision.text })];
    case 'accept':
      return [event({ action: 'accept', record_ids: ids })];
  }
}

/** The `retract` events undoing `eventIds` (one per event), about the same records. */
export function retractEvents(targets: readonly LabelEvent[], context: Omit<DecisionContext, 'shownOrder' | 'durationMs'>): LabelEvent[] {
  return targets.map((target) => ({
    event_id: context.newEventId(),
    created_at: context.now,
    reviewer: context.reviewer,
    source: HUMAN_SOURCE,
    action: 'retract',
    record_ids: target.record_ids,
    label: null,
    rank: null,
    text: null,
    reason: null,
    retracts: target.event_id,
    shown_order: target.shown_order,
    store_uri: context.storeUri,
    store_version: context.storeVersion,
    duration_ms: null,
  }));
}

/** A time-ordered unique id: milliseconds in hex, then random hex (sorts like a ULID). */
export function newEventId(now = Date.now()): string {
  const random = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${now.toString(16).padStart(12, '0')}-${random}`;
}
