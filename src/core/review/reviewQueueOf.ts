import { CuratorError } from '../errors';
import type { LabelEvent } from '../labels/labelEvent';
import { LabelsSnapshot, readLabelEvents, LabelsDatasetOptions } from '../labels/labelsDataset';
import { LabelsReport, reportLabels } from '../labels/labelsReport';
import type { ExportOptions } from '../options/exportOptions';
import type { CurationSession } from '../run/curationSession';
import { planExport } from '../run/planExport';
import { ReviewItem, reviewItemsOf } from './reviewItem';
import { ItemStatus, itemStatuses, QueueProgress, queueProgress } from './reviewQueue';

/** Most items one queue holds. */
export const REVIEW_QUEUE_LIMIT = 5_000;

/**
 * The review items of a curation: its native examples (both sides of a split)
 * without any labels applied, so an item stays in the queue after it is
 * discarded or its sides are swapped.
 */
export async function reviewItemsFor(session: CurationSession, options: ExportOptions, signal?: AbortSignal): Promise<ReviewItem[]> {
  const { labels: _labels, labelsVersion: _version, ...rest } = options;
  const plan = await planExport(session, { ...rest, format: 'native' }, { limit: REVIEW_QUEUE_LIMIT, signal });
  return reviewItemsOf([...plan.output.examples, ...(plan.eval?.examples ?? [])]);
}

/** Where a queue stands against a labels dataset, at one version. */
export interface ReviewState {
  labels: { uri: string; version: number | null };
  statuses: ItemStatus[];
  progress: QueueProgress;
  /** Exactly what `labels show --json` reports for this version (null before the first decision). */
  report: LabelsReport | null;
}

/** Reads the labels dataset (latest, or `version`) and places every item; a missing dataset is an empty one. */
export async function reviewStateOf(items: readonly ReviewItem[], location: string, options: LabelsDatasetOptions & { version?: number } = {}): Promise<ReviewState> {
  const snapshot = await readIfExists(location, options);
  const events: LabelEvent[] = snapshot?.events ?? [];
  const statuses = itemStatuses(items, events);
  const report = snapshot ? reportLabels(snapshot) : null;
  return {
    labels: { uri: snapshot?.uri ?? location, version: snapshot?.version ?? null },
    statuses,
    progress: queueProgress(statuses, report?.median_duration_ms.all ?? null),
    report,
  };
}

async function readIfExists(location: string, options: LabelsDatasetOptions & { version?: number }): Promise<LabelsSnapshot | undefined> {
  try {
    return await readLabelEvents(location, options);
  } catch (error) {
    if (CuratorError.is(error, 'input') && /no labels dataset there/.test(error.message)) return undefined;
    throw error;
  }
}
