import type { ExportManifest, ExportStats } from '../../../src/core';

/** A stats file that cannot be shown, and why. */
export class StatsFormatError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireFields(value: Record<string, unknown>, fields: Record<string, 'string' | 'number' | 'object'>, what: string): void {
  for (const [field, type] of Object.entries(fields)) {
    const actual = value[field];
    const ok = type === 'object' ? isObject(actual) : typeof actual === type;
    if (!ok) throw new StatsFormatError(`This is not a Lance Curator ${what}: field "${field}" is ${actual === undefined ? 'missing' : `not a ${type}`}.`);
  }
}

/** Parses and checks a `.stats.json` text; throws a StatsFormatError a person can act on. */
export function parseStats(text: string): ExportStats {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StatsFormatError(`The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new StatsFormatError('This is not a Lance Curator stats report: expected a JSON object.');
  requireFields(value, { task: 'string', examples: 'number', num_groups: 'number', by_role: 'object', by_source: 'object', by_tenant: 'object', records_per_group: 'object', excluded: 'object' }, 'stats report');
  return value as unknown as ExportStats;
}

/** Parses a manifest; undefined when it is absent or not a manifest (the stats still show). */
export function parseManifest(text: string | undefined): ExportManifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text);
    if (!isObject(value) || typeof value.context_uri !== 'string' || !isObject(value.counts)) return undefined;
    return value as unknown as ExportManifest;
  } catch {
    return undefined;
  }
}
