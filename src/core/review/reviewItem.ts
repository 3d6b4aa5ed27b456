import type { RecordSummary } from '../run/groupDetail';
import type { PlannedExample } from '../run/planExport';

/** How an item is reviewed: two sides, an ordered list, one labelled candidate, or a whole conversation. */
export type ReviewKind = 'pair' | 'ranked' | 'unpaired' | 'conversation';

/** One example of the curation, as the review queue holds it. */
export interface ReviewItem {
  /** The item's records, sorted and joined by U+0000: the same key `labels show` groups an example's outcomes by. */
  key: string;
  kind: ReviewKind;
  group: string;
  /** The native example line, parsed (prompt, sides, candidates or messages). */
  example: Record<string, unknown>;
  /** The records a decision is about, in the example's order (chosen then rejected; rank order; responses; all for SFT). */
  records: RecordSummary[];
}

/** The key of a set of records: sorted ids joined by U+0000. */
export function itemKeyOf(recordIds: readonly string[]): string {
  return [...new Set(recordIds)].sort().join('\u0000');
}

/** The review items of planned native examples (a record set that repeats is one item). */
export function reviewItemsOf(examples: readonly PlannedExample[]): ReviewItem[] {
  const items: ReviewItem[] = [];
  const seen = new Set<string>();
  for (const planned of examples) {
    if (planned.records.length === 0) continue;
    const example = JSON.parse(planned.native ?? planned.line) as Record<string, unknown>;
    const key = itemKeyOf(planned.records.map((r) => r.id));
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ key, kind: kindOf(example, planned.records.length), group: planned.group, example, records: planned.records });
  }
  return items;
}

function kindOf(example: Record<string, unknown>, records: number): ReviewKind {
  switch (example.form) {
    case 'paired':
      return records === 2 ? 'pair' : 'conversation';
    case 'ranked':
      return 'ranked';
    case 'unpaired':
      return 'unpaired';
    default:
      return 'conversation';
  }
}
