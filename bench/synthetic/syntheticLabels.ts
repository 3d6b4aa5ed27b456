/**
 * A seeded labels dataset for a synthetic store: `events` review events about
 * its records (ids as the store's generator makes them), in the mix a review
 * produces: labels and ranks, accepts, discards, edits, ties, suggestions
 * and retracts, appended out of time order. Generated once per store, cached.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendLabelEvents, LabelEvent } from '../../src/core';
import { SeededRandom } from './seededRandom';

export async function ensureSyntheticLabels(store: string, records: number, events: number, seed: number, log: (line: string) => void): Promise<string> {
  const labels = path.join(path.dirname(store), `${path.basename(store, '.lance')}-labels-${events}.lance`);
  if (fs.existsSync(path.join(labels, '_versions'))) return labels;
  log(`labels: writing ${events} events about ${records} records to ${labels}`);
  const r = new SeededRandom(seed * 7919 + events);
  const id = (index: number) => `rec-${seed.toString(36)}-${index.toString(36).padStart(7, '0')}`;
  const t0 = 1_780_000_000_000_000;
  const list: LabelEvent[] = [];
  for (let i = 0; i < events; i++) {
    const a = r.int(records);
    const b = (a + 1 + r.int(3)) % records;
    const pick = r.next();
    const base: LabelEvent = {
      event_id: `ev-${i.toString(36).padStart(6, '0')}`,
      // Times not in append order, so "latest" is decided by created_at.
      created_at: t0 + r.int(events * 10) * 1000,
      reviewer: `reviewer-${r.int(5)}`,
      source: pick < 0.2 ? 'model:judge' : 'human',
      action: 'accept',
      record_ids: [id(a)],
      label: null,
      rank: null,
      text: null,
      reason: null,
      retracts: null,
      shown_order: [id(a), id(b)],
      store_uri: null,
      store_version: null,
      duration_ms: 500 + r.int(20_000),
    };
    const kind = r.next();
    if (kind < 0.4) list.push({ ...base, action: 'label', label: r.next() < 0.5 ? 'chosen' : 'rejected' });
    else if (kind < 0.5) list.push({ ...base, action: 'rank', rank: 1 + r.int(4) });
    else if (kind < 0.6) list.push({ ...base, action: 'discard', reason: 'off topic' });
    else if (kind < 0.7) list.push({ ...base, action: 'edit', text: `An edited answer ${i}: the corrected text, a few words long.` });
    else if (kind < 0.8) list.push({ ...base, action: 'tie', record_ids: [id(a), id(b)], reason: 'equally good' });
    else if (kind < 0.9 && list.length > 0) list.push({ ...base, action: 'retract', record_ids: [], retracts: list[r.int(list.length)].event_id });
    else list.push(base);
  }
  await appendLabelEvents(labels, list);
  return labels;
}
