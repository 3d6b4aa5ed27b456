import { CuratorError } from '../errors';
import { isSerdeObject, parseSerdeValue, SerdeValue, serdeEquals } from '../json/serdeValue';
import { ceilDiv, floorDiv, parseRfc3339Nanos } from '../time/rfc3339';

/**
 * lance-context's `RecordFilters`, parsed from its JSON form:
 * typed fields, an inclusive `created_at` range, and metadata filters.
 */
export interface RecordFilters {
  bot_id?: string;
  session_id?: string;
  tenant?: string;
  source?: string;
  role?: string;
  content_type?: string;
  /** Inclusive bounds in nanoseconds since the epoch. */
  created_at_start?: bigint;
  created_at_end?: bigint;
  metadata: MetadataFilter[];
}

export type MetadataFilter =
  | { key: string; op: 'equals'; value: SerdeValue }
  | { key: string; op: 'contains'; value: SerdeValue };

const STRING_KEYS = ['bot_id', 'session_id', 'tenant', 'source', 'role', 'content_type'] as const;
const START_ALIASES = new Set(['created_at_start', 'created_after', 'created_at_gte']);
const END_ALIASES = new Set(['created_at_end', 'created_before', 'created_at_lte']);
const START_OPERATORS = new Set(['gte', 'start', 'after']);
const END_OPERATORS = new Set(['lte', 'end', 'before']);

/** Every key and operator the filter grammar accepts, for editors and help text. */
export const FILTER_GRAMMAR = {
  stringKeys: STRING_KEYS,
  createdAtKey: 'created_at',
  createdAtOperators: { start: [...START_OPERATORS], end: [...END_OPERATORS] },
  createdAtAliases: { start: [...START_ALIASES], end: [...END_ALIASES] },
  metadataOperators: ['contains'],
} as const;

/** A problem with the filter option; `field` names the offending filter key. */
function filterError(message: string, field: string, cause?: unknown): CuratorError {
  return new CuratorError('usage', message, { option: 'filter', field, cause });
}

/** Parses filter JSON text; errors name the offending key. */
export function parseRecordFilters(text: string): { filters: RecordFilters; value: SerdeValue } {
  let value: SerdeValue;
  try {
    value = parseSerdeValue(text);
  } catch (cause) {
    throw filterError(`not valid JSON: ${(cause as Error).message}`, 'filter', cause);
  }
  return { filters: recordFiltersFromValue(value), value };
}

/** Builds filters from a parsed JSON value, with lance-context's validation. */
export function recordFiltersFromValue(value: SerdeValue): RecordFilters {
  if (!isSerdeObject(value)) throw filterError('filters must be a JSON object', 'filter');
  const filters: RecordFilters = { metadata: [] };
  for (const [key, item] of Object.entries(value)) {
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (item === null) continue;
      if (typeof item !== 'string') throw filterError(`filter '${key}' must be a string or null`, key);
      filters[key as (typeof STRING_KEYS)[number]] = item;
    } else if (key === 'created_at') {
      if (!isSerdeObject(item)) {
        throw filterError("filter 'created_at' must be an object with gte/lte bounds", key);
      }
      for (const [op, bound] of Object.entries(item)) {
        if (START_OPERATORS.has(op)) filters.created_at_start = parseBound(`created_at.${op}`, bound);
        else if (END_OPERATORS.has(op)) filters.created_at_end = parseBound(`created_at.${op}`, bound);
        else {
          throw filterError(
            `unsupported created_at filter operator '${op}' (use one of ${[...START_OPERATORS, ...END_OPERATORS].join(', ')})`,
            `created_at.${op}`,
          );
        }
      }
    } else if (START_ALIASES.has(key)) {
      filters.created_at_start = parseBound(key, item);
    } else if (END_ALIASES.has(key)) {
      filters.created_at_end = parseBound(key, item);
    } else if (isSerdeObject(item) && Object.keys(item).length === 1 && 'contains' in item) {
      filters.metadata.push({ key, op: 'contains', value: item.contains });
    } else {
      filters.metadata.push({ key, op: 'equals', value: item });
    }
  }
  return filters;
}

function parseBound(name: string, value: SerdeValue): bigint {
  if (typeof value !== 'string') throw filterError(`filter '${name}' must be an ISO-8601 timestamp string`, name);
  const nanos = parseRfc3339Nanos(value);
  if (nanos === undefined) {
    throw filterError(`filter '${name}': '${value}' is not an RFC 3339 timestamp (e.g. 2024-03-01T00:00:00Z)`, name);
  }
  return nanos;
}

/** True when no filter is set. */
export function isEmptyFilters(filters: RecordFilters | undefined): boolean {
  if (!filters) return true;
  return (
    STRING_KEYS.every((key) => filters[key] === undefined) &&
    filters.created_at_start === undefined &&
    filters.created_at_end === undefined &&
    filters.metadata.length === 0
  );
}

/** The fields of one record a filter looks at. */
export interface FilterSubject {
  bot_id: string | null;
  session_id: string | null;
  tenant: string | null;
  source: string | null;
  role: string;
  content_type: string;
  /** Microseconds since the epoch. */
  created_at: number;
  /** Parsed metadata, only consulted by metadata filters and the tenant/source fallback. */
  metadata: () => SerdeValue | undefined;
}

/** A compiled filter: returns `undefined` on match, else which key rejected the record. */
export type FilterPredicate = (record: FilterSubject) => string | undefined;

export function compileFilters(filters: RecordFilters): FilterPredicate {
  const startMicros =
    filters.created_at_start === undefined ? -Infinity : Number(ceilDiv(filters.created_at_start, 1000n));
  const endMicros = filters.created_at_end === undefined ? Infinity : Number(floorDiv(filters.created_at_end, 1000n));
  return (record) => {
    if (filters.bot_id !== undefined && record.bot_id !== filters.bot_id) return 'bot_id';
    if (filters.session_id !== undefined && record.session_id !== filters.session_id) return 'session_id';
    if (filters.tenant !== undefined && !typedOrMetadata(record, 'tenant', record.tenant, filters.tenant)) return 'tenant';
    if (filters.source !== undefined && !typedOrMetadata(record, 'source', record.source, filters.source)) return 'source';
    if (filters.role !== undefined && record.role !== filters.role) return 'role';
    if (filters.content_type !== undefined && record.content_type !== filters.content_type) return 'content_type';
    if (record.created_at < startMicros) return 'created_at_start';
    if (record.created_at > endMicros) return 'created_at_end';
    if (filters.metadata.length > 0) {
      const metadata = record.metadata();
      for (const filter of filters.metadata) {
        if (!isSerdeObject(metadata) || !Object.prototype.hasOwnProperty.call(metadata, filter.key)) return filter.key;
        const actual = metadata[filter.key];
        const ok = filter.op === 'equals' ? serdeEquals(actual, filter.value) : contains(actual, filter.value);
        if (!ok) return filter.key;
      }
    }
    return undefined;
  };
}

function typedOrMetadata(record: FilterSubject, key: string, typed: string | null, expected: string): boolean {
  if (typed !== null) return typed === expected;
  const metadata = record.metadata();
  return isSerdeObject(metadata) && metadata[key] === expected;
}

function contains(actual: SerdeValue, needle: SerdeValue): boolean {
  if (Array.isArray(actual)) return actual.some((item) => serdeEquals(item, needle));
  if (typeof actual === 'string' && typeof needle === 'string') return actual.includes(needle);
  return false;
}

/** Describes why a record failed filter `key`, for the excluded list. */
export function describeFilterMiss(filters: RecordFilters, key: string): string {
  switch (key) {
    case 'created_at_start':
      return 'created before the filter start';
    case 'created_at_end':
      return 'created after the filter end';
    case 'bot_id':
    case 'session_id':
    case 'tenant':
    case 'source':
    case 'role':
    case 'content_type':
      return `${key} is not '${filters[key]}'`;
    default: {
      const filter = filters.metadata.find((f) => f.key === key);
      return filter?.op === 'contains' ? `metadata.${key} does not contain the filter value` : `metadata.${key} does not equal the filter value`;
    }
  }
}

