/**
 * The review queue in the worker: items of a curation (cached per store and
 * options), decisions turned into label events and committed in batches, and
 * the queue's state read back at the version each commit made.
 */
import {
  CurationSession,
  decisionEvents,
  LabelBatcher,
  LabelEvent,
  newEventId,
  readLabelEvents,
  retractEvents,
  ReviewItem,
  reviewItemsFor,
  reviewStateOf,
  shownOrderOf,
} from '../../core';
import { CuratorError } from '../../core/errors';
import { compactOptions, ExportOptions } from '../../core/options/exportOptions';
import { ReviewStateView, WorkerReviewDecide, WorkerReviewFlush, WorkerReviewQueue, WorkerReviewUndo } from '../../protocol/reviewMessages';
import type { RpcEndpoint } from '../../protocol/rpc';
import type { StoreRef } from '../../protocol/workerMessages';

type SessionFor = (store: StoreRef) => Promise<CurationSession>;

const batchers = new Map<string, LabelBatcher>();
/** Events this worker wrote, by id: what an undo retracts. */
const written = new Map<string, LabelEvent>();
let lastItems: { key: string; items: Promise<ReviewItem[]> } | undefined;

export function serveReview(rpc: RpcEndpoint, sessionFor: SessionFor): void {
  const itemsOf = (store: StoreRef, options: ExportOptions): Promise<ReviewItem[]> => {
    const { labels: _l, labelsVersion: _v, ...rest } = options;
    const key = JSON.stringify([store, compactOptions(rest)]);
    if (lastItems?.key !== key) {
      const items = sessionFor(store).then((session) => reviewItemsFor(session, rest));
      items.catch(() => (lastItems = undefined));
      lastItems = { key, items };
    }
    return lastItems.items;
  };
  const batcherOf = (labels: string, store: StoreRef): LabelBatcher => {
    let batcher = batchers.get(labels);
    if (!batcher) batchers.set(labels, (batcher = new LabelBatcher(labels, { storageOptions: store.storageOptions })));
    return batcher;
  };
  const stateAt = async (items: ReviewItem[], labels: string, store: StoreRef, version?: number): Promise<ReviewStateView> =>
    reviewStateOf(items, labels, { storageOptions: store.storageOptions, version });

  rpc.onRequest(WorkerReviewQueue, async ({ store, options, labels, reviewer, showRewards }) => {
    const items = await itemsOf(store, options);
    return {
      reviewer,
      showRewards,
      items: items.map((item) => ({ ...item, shownOrder: shownOrderOf(reviewer, item.key, item.records.map((r) => r.id)) })),
      state: await stateAt(items, labels, store),
    };
  });

  rpc.onRequest(WorkerReviewDecide, async ({ store, options, labels, reviewer, itemKey, decision, shownOrder, durationMs }) => {
    const items = await itemsOf(store, options);
    const item = items.find((i) => i.key === itemKey);
    if (!item) throw new CuratorError('input', 'that item is no longer in the curation; reload the review queue');
    const session = await sessionFor(store);
    const events = decisionEvents(item, decision, {
      reviewer,
      now: Date.now() * 1000,
      shownOrder,
      durationMs,
      storeUri: session.store.uri,
      storeVersion: session.store.version,
      newEventId: () => newEventId(),
    });
    const { version } = await batcherOf(labels, store).append(events);
    for (const event of events) written.set(event.event_id, event);
    return { eventIds: events.map((e) => e.event_id), version, state: await stateAt(items, labels, store, version) };
  });

  rpc.onRequest(WorkerReviewUndo, async ({ store, options, labels, reviewer, eventIds }) => {
    const items = await itemsOf(store, options);
    let targets = eventIds.map((id) => written.get(id));
    if (targets.some((t) => t === undefined)) {
      const byId = new Map((await readLabelEvents(labels, { storageOptions: store.storageOptions })).events.map((e) => [e.event_id, e]));
      targets = eventIds.map((id) => byId.get(id));
    }
    if (targets.some((t) => t === undefined)) throw new CuratorError('input', 'nothing to undo: those events are not in the labels dataset');
    const session = await sessionFor(store);
    const retracts = retractEvents(targets as LabelEvent[], { reviewer, now: Date.now() * 1000, storeUri: session.store.uri, storeVersion: session.store.version, newEventId: () => newEventId() });
    const { version } = await batcherOf(labels, store).append(retracts);
    return { eventIds: retracts.map((e) => e.event_id), version, state: await stateAt(items, labels, store, version) };
  });

  rpc.onNotification(WorkerReviewFlush, () => {
    for (const batcher of batchers.values()) void batcher.flush();
  });
}
