/**
 * The review mode's messages: webview → host (`preview/review*`) and host →
 * worker (`worker/review*`). Decisions are checked against the core's
 * decision schema where they arrive; replies are checked at the door.
 */
import type { ItemStatus, LabelsReport, QueueProgress, ReviewDecision, ReviewItem } from '../core';
import * as v from 'valibot';
import { ExportOptionsSchema } from '../core/options/exportOptions';
import { ReviewDecisionSchema } from '../core/review/reviewDecision';
import { notificationType, requestType } from './rpc';
import { StoreRefSchema } from './workerMessages';

/** An item as the panel shows it: the blind order it is drawn in. */
export interface ReviewItemView extends ReviewItem {
  shownOrder: string[];
}

/** The queue's standing against the labels dataset at `labels.version` (null: no decision yet). */
export interface ReviewStateView {
  labels: { uri: string; version: number | null };
  statuses: ItemStatus[];
  progress: QueueProgress;
  report: LabelsReport | null;
}

export interface ReviewQueueView {
  reviewer: string;
  /** Show reward, margin and suggestions before the decision (`lanceCurator.review.showRewardsUpFront`). */
  showRewards: boolean;
  items: ReviewItemView[];
  state: ReviewStateView;
}

/** A decision's commit: the events written (for undo) and the queue after it. */
export interface ReviewSaved {
  eventIds: string[];
  version: number;
  state: ReviewStateView;
}

function shaped<T>(schema: v.GenericSchema): v.GenericSchema<unknown, T> {
  return schema as unknown as v.GenericSchema<unknown, T>;
}

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(10_000));
const Ids = v.pipe(v.array(Id), v.maxLength(1_000));

const ReviewStateSchema = v.looseObject({
  labels: v.strictObject({ uri: v.string(), version: v.nullable(v.number()) }),
  statuses: v.array(v.looseObject({ key: v.string(), reviewers: v.array(v.string()) })),
  progress: v.strictObject({ reviewed: v.number(), total: v.number(), medianMs: v.nullable(v.number()) }),
  report: v.nullable(v.looseObject({ version: v.number() })),
});

const ReviewQueueSchema = shaped<ReviewQueueView>(
  v.looseObject({
    reviewer: v.string(),
    showRewards: v.boolean(),
    items: v.array(v.looseObject({ key: v.string(), kind: v.string(), group: v.string(), records: v.array(v.looseObject({ id: v.string() })), shownOrder: v.array(v.string()) })),
    state: ReviewStateSchema,
  }),
);

const ReviewSavedSchema = shaped<ReviewSaved>(v.looseObject({ eventIds: v.array(v.string()), version: v.number(), state: ReviewStateSchema }));

const DecideParams = {
  itemKey: Id,
  decision: ReviewDecisionSchema,
  shownOrder: Ids,
  durationMs: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
};

// ---------------------------------------------------------------- webview → host

/** The review queue of the options on screen (labels and their version are the panel's, not the queue's). */
export const ReviewQueueRequest = requestType('preview/reviewQueue', v.strictObject({ options: ExportOptionsSchema }), ReviewQueueSchema);

/** A decision about one item; the reply comes only once its commit returned ("saved"). */
export const ReviewDecideRequest = requestType('preview/reviewDecide', v.strictObject({ options: ExportOptionsSchema, ...DecideParams }), ReviewSavedSchema);

/** Undo: retract these events (the last decision's). */
export const ReviewUndoRequest = requestType('preview/reviewUndo', v.strictObject({ options: ExportOptionsSchema, eventIds: Ids }), ReviewSavedSchema);

// ---------------------------------------------------------------- host → worker

const WorkerReviewBase = {
  store: StoreRefSchema,
  options: ExportOptionsSchema,
  /** The labels dataset (resolved by the host: the panel's `--labels`, else `<store>.review/labels.lance`). */
  labels: v.pipe(v.string(), v.minLength(1)),
  reviewer: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
};

export const WorkerReviewQueue = requestType(
  'worker/reviewQueue',
  v.strictObject({ ...WorkerReviewBase, showRewards: v.boolean() }),
  ReviewQueueSchema,
);

export const WorkerReviewDecide = requestType('worker/reviewDecide', v.strictObject({ ...WorkerReviewBase, ...DecideParams }), ReviewSavedSchema);

export const WorkerReviewUndo = requestType('worker/reviewUndo', v.strictObject({ ...WorkerReviewBase, eventIds: Ids }), ReviewSavedSchema);

/** Host → worker: commit pending decisions now (the panel is closing). */
export const WorkerReviewFlush = notificationType('worker/reviewFlush', v.strictObject({}));

export type { ReviewDecision };
