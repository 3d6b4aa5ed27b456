import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
  CurationSession,
  decisionEvents,
  DecisionContext,
  LabelBatcher,
  newEventId,
  readLabelEvents,
  retractEvents,
  reviewItemsFor,
  ReviewItem,
  reviewStateOf,
  shownOrderOf,
  filterQueue,
} from '../../../src/core';
import { addRecords, exportStore, rec } from '../../helpers/records';
import { readLines, useTempDir } from '../../helpers/tempDir';

/** Two sessions, each a prompt and two scored answers. */
function records() {
  return [
    rec('q1', 'user', 'How do I reset my password?', 0),
    rec('a1', 'assistant', 'Open settings, then security, then reset.', 1, { metadata: { reward: 0.9 } }),
    rec('b1', 'assistant', 'I cannot help with that.', 2, { metadata: { reward: 0.1 } }),
    rec('q2', 'user', 'What is the refund window?', 10, { session_id: 's2' }),
    rec('a2', 'assistant', 'Refunds are accepted within 30 days.', 11, { session_id: 's2', metadata: { reward: 0.8 } }),
    rec('b2', 'assistant', 'Refunds are never accepted.', 12, { session_id: 's2', metadata: { reward: 0.2 } }),
  ];
}

describe('the review queue', function () {
  this.timeout(60_000);
  const dir = useTempDir();

  async function setup(): Promise<{ store: string; labels: string; items: ReviewItem[] }> {
    const store = await addRecords(dir(), records());
    const session = await CurationSession.open(store);
    try {
      return { store, labels: path.join(dir(), 'ctx.review', 'labels.lance'), items: await reviewItemsFor(session, { task: 'preference', groupBy: 'session_id' }) };
    } finally {
      await session.close();
    }
  }

  const context = (item: ReviewItem, reviewer = 'ana'): DecisionContext => ({
    reviewer,
    now: Date.now() * 1000,
    shownOrder: shownOrderOf(reviewer, item.key, item.records.map((r) => r.id)),
    durationMs: 1200,
    storeUri: null,
    storeVersion: null,
    newEventId: () => newEventId(),
  });

  it('holds one pair item per preference pair, with both records and their rewards', async () => {
    const { items } = await setup();
    assert.deepEqual(items.map((i) => [i.kind, i.records.map((r) => r.id)]), [['pair', ['a1', 'b1']], ['pair', ['a2', 'b2']]]);
    assert.equal(items[0].records[0].reward, 0.9);
  });

  it('draws the same blind order for the same seed and item, and both orders across items', () => {
    const ids = ['a', 'b'];
    assert.deepEqual(shownOrderOf('ana', 'k1', ids), shownOrderOf('ana', 'k1', ids));
    const firsts = new Set(Array.from({ length: 40 }, (_, i) => shownOrderOf('ana', `k${i}`, ids)[0]));
    assert.deepEqual([...firsts].sort(), ['a', 'b']);
  });

  it('a pick of the lower-reward side is saved in one commit with shown_order, counts as reviewed and disagrees with the reward', async () => {
    const { store, labels, items } = await setup();
    const batcher = new LabelBatcher(labels);
    const [first, second] = items;
    const [r1, r2] = await Promise.all([
      batcher.append(decisionEvents(first, { action: 'pick', recordId: 'b1' }, context(first))),
      batcher.append(decisionEvents(second, { action: 'accept' }, context(second))),
    ]);
    assert.equal(r1.version, r2.version, 'decisions within the batch delay share one commit');
    const snapshot = await readLabelEvents(labels);
    assert.deepEqual(snapshot.events.map((e) => [e.action, e.label, e.record_ids]), [
      ['label', 'chosen', ['b1']],
      ['label', 'rejected', ['a1']],
      ['accept', null, ['a2', 'b2']],
    ]);
    assert.deepEqual(snapshot.events[0].shown_order, shownOrderOf('ana', first.key, ['a1', 'b1']));
    const state = await reviewStateOf(items, labels);
    assert.deepEqual(state.progress, { reviewed: 2, total: 2, medianMs: 1200 });
    assert.deepEqual(filterQueue(items, state.statuses, { kind: 'disagrees-reward' }, 'ana'), [0]);
    assert.deepEqual(filterQueue(items, state.statuses, { kind: 'unreviewed' }, 'ana'), []);
    assert.deepEqual(state.report?.first_shown_pick_rate.ana.picks, 1);
    const { out } = await exportStore(path.dirname(store), { task: 'preference', groupBy: 'session_id', labels });
    assert.equal(readLines(out)[0].chosen[0].content, 'I cannot help with that.');
  });

  it('undo retracts the decision: the item is unreviewed again, and a redo decides it again', async () => {
    const { labels, items } = await setup();
    const batcher = new LabelBatcher(labels, {}, 0);
    const [first] = items;
    const events = decisionEvents(first, { action: 'tie', reason: 'both fine' }, context(first));
    await batcher.append(events);
    await batcher.append(retractEvents(events, { reviewer: 'ana', now: Date.now() * 1000, storeUri: null, storeVersion: null, newEventId: () => newEventId() }));
    let state = await reviewStateOf(items, labels);
    assert.deepEqual(filterQueue(items, state.statuses, { kind: 'unreviewed' }, 'ana'), [0, 1]);
    await batcher.append(decisionEvents(first, { action: 'tie', reason: 'both fine' }, context(first)));
    state = await reviewStateOf(items, labels);
    assert.deepEqual(filterQueue(items, state.statuses, { kind: 'mine' }, 'ana'), [0]);
    assert.equal(state.report?.ties.length, 1);
  });

  it('a ranking writes one rank event per record, best first, and one that inverts the rewards disagrees with them', async () => {
    const store = await addRecords(dir(), [
      rec('q', 'user', 'Pick one', 0),
      rec('x', 'assistant', 'best', 1, { metadata: { reward: 0.9 } }),
      rec('y', 'assistant', 'middle', 2, { metadata: { reward: 0.5 } }),
      rec('z', 'assistant', 'worst', 3, { metadata: { reward: 0.1 } }),
    ]);
    const session = await CurationSession.open(store);
    const items = await reviewItemsFor(session, { task: 'preference', form: 'ranked', groupBy: 'session_id' }).finally(() => session.close());
    assert.deepEqual(items.map((i) => [i.kind, i.records.length]), [['ranked', 3]]);
    const labels = path.join(dir(), 'ctx.review', 'labels.lance');
    const events = decisionEvents(items[0], { action: 'rank', order: ['y', 'x', 'z'] }, context(items[0]));
    assert.deepEqual(events.map((e) => [e.record_ids[0], e.rank]), [['y', 1], ['x', 2], ['z', 3]]);
    await new LabelBatcher(labels, {}, 0).append(events);
    const state = await reviewStateOf(items, labels);
    assert.equal(state.statuses[0].disagreesWithReward, true);
    assert.throws(() => decisionEvents(items[0], { action: 'rank', order: ['y', 'x'] }, context(items[0])), /every record/);
  });

  it('two writers on one labels dataset both land (two windows, or two people)', async () => {
    const { labels, items } = await setup();
    const [ana, bo] = [new LabelBatcher(labels, {}, 0), new LabelBatcher(labels, {}, 0)];
    await Promise.all([
      ana.append(decisionEvents(items[0], { action: 'accept' }, context(items[0], 'ana'))),
      bo.append(decisionEvents(items[0], { action: 'pick', recordId: 'a1' }, context(items[0], 'bo'))),
    ]);
    const state = await reviewStateOf(items, labels);
    assert.deepEqual(state.statuses[0].reviewers, ['ana', 'bo']);
    assert.equal(state.report?.events, 3);
  });

  it('a missing labels dataset is an empty one', async () => {
    const { labels, items } = await setup();
    const state = await reviewStateOf(items, labels);
    assert.deepEqual(state.progress, { reviewed: 0, total: 2, medianMs: null });
    assert.equal(state.labels.version, null);
  });
});
