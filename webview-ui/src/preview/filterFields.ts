import { parseRecordFilters } from '../../../src/core/listing/recordFilters';

/** The filter keys the panel has a quick field for. */
export const QUICK_KEYS = ['role', 'tenant', 'source'] as const;

/** Splits a filter into the quick fields it sets and the rest (shown as JSON). */
export function splitFilter(text: string | undefined): { quick: Record<string, string>; rest: string } {
  const quick: Record<string, string> = {};
  if (!text) return { quick, rest: '' };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return { quick, rest: text };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { quick, rest: text };
  const rest: Record<string, unknown> = { ...value };
  for (const key of QUICK_KEYS) {
    if (typeof rest[key] === 'string') {
      quick[key] = rest[key] as string;
      delete rest[key];
    }
  }
  const range = rest.created_at as Record<string, unknown> | undefined;
  if (range && typeof range === 'object' && Object.keys(range).every((k) => k === 'gte' || k === 'lte')) {
    if (typeof range.gte === 'string') quick.from = range.gte;
    if (typeof range.lte === 'string') quick.to = range.lte;
    delete rest.created_at;
  }
  return { quick, rest: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '' };
}

/**
 * Joins the quick fields and the JSON editor into one filter. A key set in
 * both with different values is a problem to fix, never a silent winner.
 */
export function composeFilter(quick: Record<string, string>, rest: string): { filter?: string; error?: string } {
  let value: Record<string, unknown> = {};
  if (rest.trim()) {
    try {
      value = JSON.parse(rest);
    } catch (error) {
      return { error: `Filter JSON is not valid JSON: ${(error as Error).message}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Filter JSON must be a JSON object, e.g. {"tenant": "acme"}' };
  }
  for (const key of QUICK_KEYS) {
    const typed = quick[key]?.trim();
    if (!typed) continue;
    if (key in value && value[key] !== typed) {
      return { error: `${key} is set twice: "${typed}" in the ${key} field and ${JSON.stringify(value[key])} in the filter JSON; keep one` };
    }
    value[key] = typed;
  }
  if (quick.from?.trim() || quick.to?.trim()) {
    if ('created_at' in value) return { error: 'created_at is set twice: in the date fields and in the filter JSON; keep one' };
    value.created_at = { ...(quick.from?.trim() ? { gte: quick.from.trim() } : {}), ...(quick.to?.trim() ? { lte: quick.to.trim() } : {}) };
  }
  if (Object.keys(value).length === 0) return {};
  const filter = JSON.stringify(value);
  try {
    parseRecordFilters(filter); // the core's own grammar: the same rules as the CLI
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { filter };
}
