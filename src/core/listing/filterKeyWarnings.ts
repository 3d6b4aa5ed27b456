import { RowTable } from '../store/rowTable';
import { FILTER_GRAMMAR, RecordFilters } from './recordFilters';

/** Columns and filter keys a mistyped metadata key is most likely meant to be. */
const KNOWN_KEYS = [
  ...FILTER_GRAMMAR.stringKeys,
  FILTER_GRAMMAR.createdAtKey,
  ...FILTER_GRAMMAR.createdAtAliases.start,
  ...FILTER_GRAMMAR.createdAtAliases.end,
  'external_id',
  'run_id',
  'reward',
  'label',
  'rank',
  'group_id',
];

/**
 * Warnings for metadata filter keys that no record has: `{"tenat": "acme"}`
 * is a metadata filter that matches nothing, almost always a typo for a
 * column. A key counts as present when some record's metadata text holds it
 * quoted (a cheap over-approximation, so a warning is never wrong).
 */
export function filterKeyWarnings(table: RowTable, filters: RecordFilters | undefined): string[] {
  if (!filters || filters.metadata.length === 0) return [];
  const warnings: string[] = [];
  for (const key of new Set(filters.metadata.map((filter) => filter.key))) {
    const needle = JSON.stringify(key);
    let found = false;
    for (let row = 0; row < table.length && !found; row++) {
      if (table.metadata.text(row)?.includes(needle)) found = true;
    }
    if (found) continue;
    const near = nearest(key);
    warnings.push(`filter key '${key}' matches no column and no record's metadata, so it matches nothing${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  return warnings;
}

function nearest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of KNOWN_KEYS) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
