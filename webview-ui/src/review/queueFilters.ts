import type { ItemStatus } from '../../../src/core';

/** A queue filter: the fixed ones, or `reviewer:<name>`. */
export type QueueFilterId = 'unreviewed' | 'mine' | 'all' | 'disagrees-reward' | 'disagrees-suggestion' | `reviewer:${string}`;

const FIXED: QueueFilterId[] = ['unreviewed', 'mine', 'all', 'disagrees-reward', 'disagrees-suggestion'];

/** The filters offered, with one per reviewer who decided something. */
export function queueFilters(reviewers: readonly string[]): QueueFilterId[] {
  return [...FIXED, ...[...reviewers].sort().map((r) => `reviewer:${r}` as const)];
}

export function FILTER_LABELS(id: QueueFilterId): string {
  switch (id) {
    case 'unreviewed':
      return 'Unreviewed';
    case 'mine':
      return 'Reviewed by me';
    case 'all':
      return 'All';
    case 'disagrees-reward':
      return 'Disagrees with the reward';
    case 'disagrees-suggestion':
      return 'Disagrees with a suggestion';
    default:
      return `Reviewed by ${id.slice('reviewer:'.length)}`;
  }
}

/** Whether an item with `status` is in the queue under `filter` (the core's filterQueue, for the panel). */
export function passes(filter: QueueFilterId, status: ItemStatus | undefined, me: string): boolean {
  const reviewers = status?.reviewers ?? [];
  switch (filter) {
    case 'unreviewed':
      return reviewers.length === 0;
    case 'mine':
      return reviewers.includes(me);
    case 'all':
      return true;
    case 'disagrees-reward':
      return !!status?.disagreesWithReward;
    case 'disagrees-suggestion':
      return !!status?.disagreesWithSuggestion;
    default:
      return reviewers.includes(filter.slice('reviewer:'.length));
  }
}
