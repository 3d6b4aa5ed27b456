import { TextDedupResult, TextUnit } from './textUnit';

/**
 * Runs a greedy text dedup with the `keep` units decided first (in listing
 * order among themselves), then the others in listing order: "which to keep"
 * as NeMo Curator means it. A kept unit's duplicates, earlier or later, go as
 * duplicates of it; kept units that duplicate each other all stay. Results
 * are in listing order again. Without a kept unit present the dedup runs on
 * the units as given, so its output is unchanged.
 *
 * @example
 * keepFirst(units, new Set(['r5']), (ordered, keep) => exactTextDedup(ordered, { keep }));
 */
export function keepFirst(
  units: readonly TextUnit[],
  keep: ReadonlySet<string> | undefined,
  dedup: (ordered: readonly TextUnit[], keep: ReadonlySet<string> | undefined) => TextDedupResult,
): TextDedupResult {
  if (!keep || keep.size === 0 || !units.some((unit) => keep.has(unit.id))) return dedup(units, keep);
  const order: number[] = [];
  units.forEach((unit, i) => keep.has(unit.id) && order.push(i));
  units.forEach((unit, i) => keep.has(unit.id) || order.push(i));
  const decided = dedup(order.map((i) => units[i]), keep);
  const kept = new Uint8Array(units.length);
  order.forEach((i, k) => (kept[i] = decided.kept[k]));
  const duplicates = decided.duplicates
    .map((d) => ({ ...d, index: order[d.index], duplicateOfIndex: order[d.duplicateOfIndex] }))
    .sort((a, b) => a.index - b.index);
  return { kept, duplicates };
}
