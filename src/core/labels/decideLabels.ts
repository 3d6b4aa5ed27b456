import { compareCodePoints } from '../strings/compareCodePoints';
import { HUMAN_SOURCE, LabelEvent, LabelValue } from './labelEvent';

/** The event behind a decision: what a preview shows next to it. */
export interface DecisionSource {
  eventId: string;
  reviewer: string;
  /** Microseconds since the epoch. */
  createdAt: number;
  reason: string | null;
}

/** A record's effective decisions: each field set by the latest event that sets it. */
export interface RecordDecision {
  label?: DecisionSource & { value: LabelValue };
  rank?: DecisionSource & { value: number };
  text?: DecisionSource & { value: string };
  discard?: DecisionSource;
}

/** Two records a person judged equal: pairs of exactly these two are dropped. */
export interface TieDecision extends DecisionSource {
  records: [string, string];
}

export interface LabelDecisions {
  records: Map<string, RecordDecision>;
  /** By `tieKey` of the two records. */
  ties: Map<string, TieDecision>;
  /** Events whose decision is in effect (they win a field of a record, or a tie stands on them). */
  eventsInEffect: number;
}

/** The key of an unordered pair of records. */
export function tieKey(a: string, b: string): string {
  return compareCodePoints(a, b) <= 0 ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Orders events by `created_at`, then by `event_id` in byte order: the events' own times, not the order they were appended. */
export function compareEvents(a: LabelEvent, b: LabelEvent): number {
  return a.created_at - b.created_at || compareCodePoints(a.event_id, b.event_id);
}

/** The events `retract` events undo: a person's retract of a person's decision (not of a suggestion, a retract, or an unknown id). */
export function retractedEventIds(events: readonly LabelEvent[]): Set<string> {
  return retractedIn(firstById(events));
}

function retractedIn(byId: ReadonlyMap<string, LabelEvent>): Set<string> {
  const retracted = new Set<string>();
  for (const event of byId.values()) {
    if (event.action !== 'retract' || event.source !== HUMAN_SOURCE || event.retracts === null) continue;
    const target = byId.get(event.retracts);
    if (!target || target.action === 'retract' || target.source !== HUMAN_SOURCE) continue;
    retracted.add(target.event_id);
  }
  return retracted;
}

/**
 * The effective decisions of a set of events (docs/labels.md):
 * - only `source = human` events decide; `model:` events are suggestions;
 * - a retracted event is ignored, whoever retracted it and whenever;
 * - per record and per field (label, rank, text, discarded) the latest event
 *   that sets it wins; `accept` sets nothing;
 * - a tie holds until it is retracted.
 * An event id seen twice counts once, as its first occurrence.
 */
export function decideLabels(events: readonly LabelEvent[]): LabelDecisions {
  const byId = firstById(events);
  const retracted = retractedIn(byId);
  const deciding = [...byId.values()]
    .filter((event) => event.source === HUMAN_SOURCE && !retracted.has(event.event_id) && event.action !== 'retract' && event.action !== 'accept')
    .sort(compareEvents);
  const records = new Map<string, RecordDecision>();
  const ties = new Map<string, TieDecision>();
  for (const event of deciding) {
    const source: DecisionSource = { eventId: event.event_id, reviewer: event.reviewer, createdAt: event.created_at, reason: event.reason };
    if (event.action === 'tie') {
      const [a, b] = event.record_ids;
      const records: [string, string] = compareCodePoints(a, b) <= 0 ? [a, b] : [b, a];
      ties.set(tieKey(a, b), { ...source, records });
      continue;
    }
    // One decision object per event, shared by the records it names.
    const decided = event.action === 'discard' ? source : { ...source, value: event.action === 'label' ? event.label! : event.action === 'rank' ? event.rank! : event.text! };
    for (const id of event.record_ids) {
      let decision = records.get(id);
      if (!decision) records.set(id, (decision = {}));
      switch (event.action) {
        case 'label':
          decision.label = decided as RecordDecision['label'];
          break;
        case 'rank':
          decision.rank = decided as RecordDecision['rank'];
          break;
        case 'edit':
          decision.text = decided as RecordDecision['text'];
          break;
        case 'discard':
          decision.discard = decided;
          break;
      }
    }
  }
  return { records, ties, eventsInEffect: countInEffect(records, ties) };
}

function countInEffect(records: Map<string, RecordDecision>, ties: Map<string, TieDecision>): number {
  const ids = new Set<string>();
  for (const decision of records.values()) {
    for (const source of [decision.label, decision.rank, decision.text, decision.discard]) if (source) ids.add(source.eventId);
  }
  for (const tie of ties.values()) ids.add(tie.eventId);
  return ids.size;
}

/** The first event of each id, in the given order. */
function firstById(events: readonly LabelEvent[]): Map<string, LabelEvent> {
  const byId = new Map<string, LabelEvent>();
  for (const event of events) if (!byId.has(event.event_id)) byId.set(event.event_id, event);
  return byId;
}
