import { compareEvents, decideLabels, retractedEventIds } from '../labels/decideLabels';
import { HUMAN_SOURCE, LabelEvent } from '../labels/labelEvent';
import { exampleOutcomes } from '../labels/reviewAgreement';
import type { ReviewItem } from './reviewItem';

/** Which items the queue shows. */
export type QueueFilter =
  | { kind: 'unreviewed' }
  | { kind: 'mine' }
  | { kind: 'all' }
  /** The decision inverts the logged reward order. */
  | { kind: 'disagrees-reward' }
  /** A person's outcome differs from a model's suggestion. */
  | { kind: 'disagrees-suggestion' }
  | { kind: 'reviewer'; reviewer: string };

/** Where one item stands. */
export interface ItemStatus {
  key: string;
  /** People with a standing (non-retracted) decision touching the item's records. */
  reviewers: string[];
  /** The latest standing people's events about the item (newest last). */
  events: LabelEvent[];
  /** A person's outcome (`chosen:<id>`, `tie`, `discard`, `accept`) per reviewer, as `labels show` computes it. */
  outcomes: Record<string, string>;
  /** Suggestions' outcomes, per `model:<name>` source. */
  suggestions: Record<string, string>;
  disagreesWithReward: boolean;
  disagreesWithSuggestion: boolean;
}

export interface QueueProgress {
  reviewed: number;
  total: number;
  /** Median `duration_ms` of people's decisions (as `labels show` reports it). */
  medianMs: number | null;
}

/** Each item's status under `events` (every event of the labels dataset). */
export function itemStatuses(items: readonly ReviewItem[], events: readonly LabelEvent[]): ItemStatus[] {
  const retracted = retractedEventIds(events);
  const itemsOfRecord = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const record of item.records) itemsOfRecord.set(record.id, [...(itemsOfRecord.get(record.id) ?? []), i]);
  });
  const touching = items.map(() => [] as LabelEvent[]);
  for (const event of [...events].sort(compareEvents)) {
    if (event.source !== HUMAN_SOURCE || event.action === 'retract' || retracted.has(event.event_id)) continue;
    const hit = new Set(event.record_ids.flatMap((id) => itemsOfRecord.get(id) ?? []));
    for (const i of hit) touching[i].push(event);
  }
  const outcomesByKey = new Map<string, { human: Record<string, string>; model: Record<string, string> }>();
  const keyOfItem = new Map(items.map((item) => [item.key, item]));
  for (const outcome of exampleOutcomes(events)) {
    // A suggestion about a subset of an item's records (a judge's `label chosen` of one) counts for that item.
    const members = outcome.example.split('\u0000');
    const keys = keyOfItem.has(outcome.example) ? [outcome.example] : outcome.source === HUMAN_SOURCE ? [] : itemsContaining(members, itemsOfRecord, items);
    for (const key of keys) {
      const entry = outcomesByKey.get(key) ?? { human: {}, model: {} };
      if (outcome.source === HUMAN_SOURCE) entry.human[outcome.reviewer] = outcome.outcome;
      else entry.model[outcome.source] = outcome.outcome;
      outcomesByKey.set(key, entry);
    }
  }
  const decisions = decideLabels(events);
  return items.map((item, i) => {
    const outcomes = outcomesByKey.get(item.key) ?? { human: {}, model: {} };
    const human = Object.values(outcomes.human);
    const model = Object.values(outcomes.model);
    return {
      key: item.key,
      reviewers: [...new Set(touching[i].map((e) => e.reviewer))].sort(),
      events: touching[i],
      outcomes: outcomes.human,
      suggestions: outcomes.model,
      disagreesWithReward: invertsReward(item, decisions.records),
      disagreesWithSuggestion: human.length > 0 && model.some((m) => human.some((h) => h !== m)),
    };
  });
}

function itemsContaining(members: string[], itemsOfRecord: Map<string, number[]>, items: readonly ReviewItem[]): string[] {
  const candidates = itemsOfRecord.get(members[0]) ?? [];
  return candidates.filter((i) => members.every((id) => items[i].records.some((r) => r.id === id))).map((i) => items[i].key);
}

/**
 * The effective decision orders the item's records against their logged
 * rewards: a pair whose chosen record has the lower reward, or a ranking
 * that puts a lower-reward record above a higher one.
 */
function invertsReward(item: ReviewItem, decided: ReturnType<typeof decideLabels>['records']): boolean {
  const rewarded = item.records.filter((r) => r.reward !== undefined);
  if (rewarded.length < 2) return false;
  if (item.kind === 'pair') {
    const [a, b] = item.records;
    const la = decided.get(a.id)?.label?.value;
    const lb = decided.get(b.id)?.label?.value;
    const chosen = la === 'chosen' || lb === 'rejected' ? a : lb === 'chosen' || la === 'rejected' ? b : undefined;
    if (!chosen || (la === undefined && lb === undefined)) return false;
    const other = chosen === a ? b : a;
    return chosen.reward !== undefined && other.reward !== undefined && chosen.reward < other.reward;
  }
  if (item.kind === 'ranked') {
    const ranked = rewarded.map((r) => ({ reward: r.reward!, rank: decided.get(r.id)?.rank?.value })).filter((r) => r.rank !== undefined);
    return ranked.some((x) => ranked.some((y) => x.rank! < y.rank! && x.reward < y.reward));
  }
  return false;
}

/** The items `filter` keeps, in queue order. */
export function filterQueue(items: readonly ReviewItem[], statuses: readonly ItemStatus[], filter: QueueFilter, me: string): number[] {
  const kept: number[] = [];
  statuses.forEach((status, i) => {
    const keep = (() => {
      switch (filter.kind) {
        case 'unreviewed':
          return status.reviewers.length === 0;
        case 'mine':
          return status.reviewers.includes(me);
        case 'all':
          return true;
        case 'disagrees-reward':
          return status.disagreesWithReward;
        case 'disagrees-suggestion':
          return status.disagreesWithSuggestion;
        case 'reviewer':
          return status.reviewers.includes(filter.reviewer);
      }
    })();
    if (keep && items[i]) kept.push(i);
  });
  return kept;
}

/** "132 of 480 reviewed": items with a standing decision by anyone. */
export function queueProgress(statuses: readonly ItemStatus[], medianMs: number | null): QueueProgress {
  return { reviewed: statuses.filter((s) => s.reviewers.length > 0).length, total: statuses.length, medianMs };
}

