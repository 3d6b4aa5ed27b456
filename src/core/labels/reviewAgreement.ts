import { compareEvents, retractedEventIds } from './decideLabels';
import { HUMAN_SOURCE, LabelEvent } from './labelEvent';

/**
 * What reviewers decided about the same example, for agreement and position
 * bias. An example is the set of records on screen (`shown_order`), or the
 * event's `record_ids` when the order was not recorded. A reviewer's outcome
 * for it is their latest non-retracted outcome: the chosen record's id, `tie`,
 * `discard` or `accept`.
 */
export interface ExampleOutcome {
  example: string;
  reviewer: string;
  source: string;
  outcome: string;
  /** The chosen record was the first on screen (undefined when unknown). */
  pickedFirst?: boolean;
}

/** Each reviewer's effective outcome per example. */
export function exampleOutcomes(events: readonly LabelEvent[]): ExampleOutcome[] {
  const retracted = retractedEventIds(events);
  const latest = new Map<string, { event: LabelEvent; outcome: ExampleOutcome }>();
  for (const event of events) {
    if (retracted.has(event.event_id)) continue;
    const outcome = outcomeOf(event);
    if (!outcome) continue;
    const key = `${event.reviewer}\u0000${outcome.example}`;
    const previous = latest.get(key);
    if (!previous || compareEvents(previous.event, event) < 0) latest.set(key, { event, outcome });
  }
  return [...latest.values()].map((entry) => entry.outcome);
}

function outcomeOf(event: LabelEvent): ExampleOutcome | undefined {
  const shown = event.shown_order && event.shown_order.length > 0 ? event.shown_order : undefined;
  const members = [...new Set(shown ?? event.record_ids)].sort();
  const base = { example: members.join('\u0000'), reviewer: event.reviewer, source: event.source };
  const chosen = (id: string) => ({ ...base, outcome: `chosen:${id}`, ...(shown ? { pickedFirst: shown[0] === id } : {}) });
  switch (event.action) {
    case 'tie':
    case 'discard':
    case 'accept':
      return { ...base, outcome: event.action };
    case 'label': {
      const id = event.record_ids[0];
      if (event.label === 'chosen') return chosen(id);
      // Rejecting one of two is choosing the other.
      const others = members.filter((member) => member !== id);
      return members.length === 2 && others.length === 1 ? chosen(others[0]) : { ...base, outcome: `rejected:${id}` };
    }
    case 'rank':
      return event.rank === 1 ? chosen(event.record_ids[0]) : undefined;
    default:
      return undefined;
  }
}

export interface Agreement {
  /** Krippendorff's alpha (nominal); null when it is undefined (fewer than two examples' worth of pairs, or a single value throughout). */
  alpha: number | null;
  /** Examples at least two reviewers decided. */
  examples: number;
  reviewers: number;
}

/** Krippendorff's alpha, nominal, over people's outcomes for the examples at least two of them decided. */
export function reviewerAgreement(outcomes: readonly ExampleOutcome[]): Agreement {
  const byExample = new Map<string, string[]>();
  const reviewers = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.source !== HUMAN_SOURCE) continue;
    const values = byExample.get(outcome.example) ?? [];
    values.push(outcome.outcome);
    byExample.set(outcome.example, values);
  }
  const units = [...byExample.entries()].filter(([, values]) => values.length >= 2);
  for (const outcome of outcomes) if (outcome.source === HUMAN_SOURCE && units.some(([example]) => example === outcome.example)) reviewers.add(outcome.reviewer);
  return { alpha: krippendorffNominal(units.map(([, values]) => values)), examples: units.length, reviewers: reviewers.size };
}

/**
 * Krippendorff's alpha for nominal values: 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k,
 * with o_ck the coincidences of values c and k within units (each pair weighted
 * 1/(m_u − 1)) and n_c the number of pairable values c.
 */
export function krippendorffNominal(units: readonly (readonly string[])[]): number | null {
  const coincidences = new Map<string, number>();
  const totals = new Map<string, number>();
  let n = 0;
  let disagreeing = 0;
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const weight = 1 / (m - 1);
        if (values[i] !== values[j]) disagreeing += weight;
        coincidences.set(values[i], (coincidences.get(values[i]) ?? 0) + weight);
      }
    }
    n += m;
  }
  for (const [value, count] of coincidences) totals.set(value, count);
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expected += nc * nk;
  if (n < 2 || expected === 0) return null;
  return 1 - ((n - 1) * disagreeing) / expected;
}

export interface PositionBias {
  /** Picks where the chosen record and the display order are both known. */
  picks: number;
  firstShown: number;
  rate: number | null;
}

/** Each reviewer's rate of picking the first-shown record (suggestions included: judges have position bias too). */
export function positionBias(outcomes: readonly ExampleOutcome[]): Map<string, PositionBias> {
  const byReviewer = new Map<string, PositionBias>();
  for (const outcome of outcomes) {
    if (outcome.pickedFirst === undefined) continue;
    const bias = byReviewer.get(outcome.reviewer) ?? { picks: 0, firstShown: 0, rate: null };
    bias.picks++;
    if (outcome.pickedFirst) bias.firstShown++;
    bias.rate = bias.firstShown / bias.picks;
    byReviewer.set(outcome.reviewer, bias);
  }
  return byReviewer;
}

/** The median of `values`, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
