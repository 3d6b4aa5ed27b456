import { isLosslessNumber } from 'lossless-json';
import { inputError } from '../errors';
import { isSerdeObject, parseSerdeValue, SerdeValue } from '../json/serdeValue';
import { ContextRecord, LIFECYCLE_ACTIVE, Relationship, StateMetadata } from '../store/contextRecord';
import { parseRfc3339Micros } from '../time/rfc3339';

/**
 * Parses lance-context-shaped JSON records (snake_case fields, RFC 3339 times,
 * `metadata` as a JSON value), one per line. Errors name the file, line,
 * record and field.
 */
export function parseRecordsJsonl(text: string, file: string): ContextRecord[] {
  const records: ContextRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: SerdeValue;
    try {
      value = parseSerdeValue(line);
    } catch (cause) {
      throw inputError(`${file} line ${i + 1}: not valid JSON (${(cause as Error).message})`, { file, line: i + 1, cause });
    }
    records.push(recordFromJson(value, { file, line: i + 1 }));
  }
  return records;
}

interface Where {
  file: string;
  line: number;
}

/** Converts one parsed JSON record; missing optional fields become null. */
export function recordFromJson(value: SerdeValue, where: Where): ContextRecord {
  if (!isSerdeObject(value)) throw inputError(`${where.file} line ${where.line}: expected a JSON object (a record)`, where);
  const id = value.id;
  if (typeof id !== 'string' || id === '') {
    throw inputError(`${where.file} line ${where.line}: field id must be a non-empty string`, { ...where, field: 'id' });
  }
  const fail = (field: string, expected: string): never => {
    throw inputError(`${where.file} line ${where.line}: record ${id}: field ${field} must be ${expected}`, {
      ...where,
      recordId: id,
      field,
    });
  };
  const str = (field: string, required = false): string | null => {
    const v = value[field];
    if (v === undefined || v === null) return required ? fail(field, 'a string') : null;
    return typeof v === 'string' ? v : fail(field, 'a string');
  };
  const time = (field: string, required = false): number | null => {
    const v = value[field];
    if (v === undefined || v === null) return required ? fail(field, 'an RFC 3339 timestamp') : null;
    const micros = typeof v === 'string' ? parseRfc3339Micros(v) : undefined;
    return micros === undefined ? fail(field, 'an RFC 3339 timestamp (e.g. 2024-03-01T12:00:00Z)') : micros;
  };
  const num = (v: SerdeValue | undefined, field: string, integer: boolean): number | null => {
    if (v === undefined || v === null) return null;
    if (!isLosslessNumber(v)) return fail(field, 'a number');
    const n = Number(v.value);
    return integer && !Number.isInteger(n) ? fail(field, 'an integer') : n;
  };
  return {
    id,
    external_id: str('external_id'),
    run_id: str('run_id', true)!,
    bot_id: str('bot_id'),
    session_id: str('session_id'),
    tenant: str('tenant'),
    source: str('source'),
    created_at: time('created_at', true)!,
    role: str('role', true)!,
    state_metadata: stateMetadata(value.state_metadata, fail, num),
    metadata: value.metadata === undefined ? null : value.metadata,
    relationships: relationships(value.relationships, fail, num),
    expires_at: time('expires_at'),
    retention_policy: str('retention_policy'),
    lifecycle_status: str('lifecycle_status') ?? LIFECYCLE_ACTIVE,
    retired_at: time('retired_at'),
    retired_reason: str('retired_reason'),
    supersedes_id: str('supersedes_id'),
    superseded_by_id: str('superseded_by_id'),
    content_type: str('content_type') ?? 'text/plain',
    text_payload: str('text_payload'),
    binary_payload: bytes(value.binary_payload, fail),
    payload_uri: str('payload_uri'),
    payload_size: num(value.payload_size, 'payload_size', true),
    payload_checksum: str('payload_checksum'),
    embedding: embedding(value.embedding, fail),
  };
}

type Fail = (field: string, expected: string) => never;
type Num = (v: SerdeValue | undefined, field: string, integer: boolean) => number | null;

function stateMetadata(v: SerdeValue | undefined, fail: Fail, num: Num): StateMetadata | null {
  if (v === undefined || v === null) return null;
  if (!isSerdeObject(v)) return fail('state_metadata', 'an object');
  const text = (field: string) => {
    const x = v[field];
    if (x === undefined || x === null) return null;
    return typeof x === 'string' ? x : fail(`state_metadata.${field}`, 'a string');
  };
  return {
    step: num(v.step, 'state_metadata.step', true),
    active_plan_id: text('active_plan_id'),
    tokens_used: num(v.tokens_used, 'state_metadata.tokens_used', true),
    custom: text('custom'),
  };
}

function relationships(v: SerdeValue | undefined, fail: Fail, num: Num): Relationship[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail('relationships', 'an array');
  return v.map((item, i) => {
    if (!isSerdeObject(item) || typeof item.target_id !== 'string' || typeof item.relation !== 'string') {
      return fail(`relationships[${i}]`, 'an object with string target_id and relation');
    }
    return { target_id: item.target_id, relation: item.relation, weight: num(item.weight, `relationships[${i}].weight`, false) };
  });
}

function bytes(v: SerdeValue | undefined, fail: Fail): Uint8Array | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return Uint8Array.from(Buffer.from(v, 'base64'));
  if (!Array.isArray(v)) return fail('binary_payload', 'an array of bytes or a base64 string');
  return Uint8Array.from(v, (x) => {
    const n = isLosslessNumber(x) ? Number(x.value) : NaN;
    return Number.isInteger(n) && n >= 0 && n <= 255 ? n : fail('binary_payload', 'an array of bytes (0-255)');
  });
}

function embedding(v: SerdeValue | undefined, fail: Fail): Float32Array | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length === 0) return fail('embedding', 'a non-empty array of numbers or null');
  return Float32Array.from(v, (x) => (isLosslessNumber(x) ? Number(x.value) : fail('embedding', 'an array of numbers')));
}
