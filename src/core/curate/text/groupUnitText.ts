import { compareCodePoints } from '../../strings/compareCodePoints';
import { normaliseText } from './normaliseText';
import { TextUnit } from './textUnit';

/** A record as the group mode needs it. */
export interface TextRecord {
  id: string;
  /** Creation time (any consistent unit, e.g. the RowTable's microseconds). */
  createdAt: number;
  text: string;
}

/** A group of records that is deduplicated and decontaminated as one unit (`--dedup-unit group`). */
export interface TextGroup {
  key: string;
  records: readonly TextRecord[];
}

/**
 * The text of a group as one unit: its records' texts in (created_at, id)
 * order, ids compared by code point as export.rs does, joined with '\n' and
 * normalised as one text, so shingles and n-grams run across record
 * boundaries (a benchmark item split over two turns still matches).
 */
export function groupUnitText(records: readonly TextRecord[]): string {
  return normaliseText(joinGroupText(records));
}

/** A group's records in (created_at, id) order, ids compared by code point. */
export function orderGroupRecords(records: readonly TextRecord[]): TextRecord[] {
  return [...records].sort((a, b) => a.createdAt - b.createdAt || compareCodePoints(a.id, b.id));
}

/**
 * A group's texts as written, in (created_at, id) order joined with '\n':
 * the unit's text before normalisation (`groupUnitText` normalises it), so
 * a person can read what the stage compared.
 */
export function joinGroupText(records: readonly TextRecord[]): string {
  return orderGroupRecords(records)
    .map((record) => record.text)
    .join('\n');
}

/** One unit per group, id = group key, in the groups' order. */
export function groupTextUnits(groups: readonly TextGroup[]): TextUnit[] {
  return groups.map((group) => ({ id: group.key, text: groupUnitText(group.records) }));
}

/**
 * Record ids of the groups a stage removed (dropping a group drops all its
 * records), in the groups' order and each group's record order.
 *
 * @example
 * const result = minHashTextDedup(groupTextUnits(groups));
 * const dropped = recordsOfRemovedGroups(groups, result.kept);
 */
export function recordsOfRemovedGroups(groups: readonly TextGroup[], kept: Uint8Array): string[] {
  const ids: string[] = [];
  groups.forEach((group, i) => {
    if (!kept[i]) for (const record of group.records) ids.push(record.id);
  });
  return ids;
}
