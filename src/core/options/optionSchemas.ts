import * as v from 'valibot';
import { OptionChoice } from './optionSpecType';

/** The value schemas, choices and message wording that several sections of the options table share. */

/** A received value as messages show it: strings quoted, the rest as JSON. */
export function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

export const finiteNumber = (expected: string) =>
  v.pipe(v.number((issue) => `expected ${expected}, got ${quoted(issue.input)}`), v.finite((issue) => `expected ${expected}, got ${issue.input}`));

export const cosineDistance = v.pipe(
  finiteNumber('a number'),
  v.minValue(0, (issue) => `a cosine distance is between 0 and 2, got ${issue.input}`),
  v.maxValue(2, (issue) => `a cosine distance is between 0 and 2, got ${issue.input}`),
);

/** A grouping as written (`session_id`, `external_id_prefix:#`, …); `parseGroupBy` checks its grammar. */
export const grouping = v.pipe(v.string(), v.maxLength(200, 'at most 200 characters'));

export const GROUPING_CHOICES: readonly OptionChoice[] = [
  { value: 'session_id', label: 'session_id', description: 'one conversation per session' },
  { value: 'run_id', label: 'run_id', description: 'one example per agent run' },
  { value: 'tenant', label: 'tenant' },
  { value: 'source', label: 'source' },
  { value: 'bot_id', label: 'bot_id' },
  { value: 'none', label: 'none', description: 'every record on its own' },
  { value: 'external_id_prefix:#', label: 'external_id_prefix:<delim>', description: 'the external id up to a delimiter' },
];
