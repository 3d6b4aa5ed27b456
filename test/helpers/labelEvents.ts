import { LabelEvent } from '../../src/core';

let counter = 0;

/** A label event with every field the test does not care about filled in (a human's `accept` of r1). */
export function labelEvent(overrides: Partial<LabelEvent> = {}): LabelEvent {
  counter++;
  return {
    event_id: `e${String(counter).padStart(6, '0')}`,
    created_at: 1_760_000_000_000_000 + counter * 1_000_000,
    reviewer: 'ana',
    source: 'human',
    action: 'accept',
    record_ids: ['r1'],
    label: null,
    rank: null,
    text: null,
    reason: null,
    retracts: null,
    shown_order: null,
    store_uri: null,
    store_version: null,
    duration_ms: null,
    ...overrides,
  };
}

/** An event as a JSON line (`labels append --events`), created_at in RFC 3339. */
export function labelEventLine(event: LabelEvent): string {
  const { created_at, ...rest } = event;
  const compact = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null));
  return JSON.stringify({ ...compact, created_at: new Date(created_at / 1000).toISOString() });
}
