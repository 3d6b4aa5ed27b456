/**
 * The record model of a lance-context store, one row per message, as the
 * Rust `ContextRecord` serializes it (snake_case, RFC 3339 times).
 */

export interface StateMetadata {
  step: number | null;
  active_plan_id: string | null;
  tokens_used: number | null;
  custom: string | null;
}

export interface Relationship {
  target_id: string;
  relation: string;
  weight: number | null;
}

/** One fully decoded row. Timestamps are microseconds since the epoch (UTC). */
export interface ContextRecord {
  id: string;
  external_id: string | null;
  run_id: string;
  bot_id: string | null;
  session_id: string | null;
  tenant: string | null;
  source: string | null;
  created_at: number;
  role: string;
  state_metadata: StateMetadata | null;
  /** Parsed `metadata` JSON (usually an object); `null` when absent. */
  metadata: unknown;
  relationships: Relationship[];
  expires_at: number | null;
  retention_policy: string | null;
  lifecycle_status: string;
  retired_at: number | null;
  retired_reason: string | null;
  supersedes_id: string | null;
  superseded_by_id: string | null;
  content_type: string;
  text_payload: string | null;
  binary_payload: Uint8Array | null;
  payload_uri: string | null;
  payload_size: number | null;
  payload_checksum: string | null;
  embedding: Float32Array | null;
}

/** The fields every record must have; the rest default to empty. */
export type RequiredRecordFields = Pick<ContextRecord, 'id' | 'run_id' | 'created_at' | 'role' | 'text_payload'>;

/** A record with every optional field empty (null, `active`, `text/plain`), then `fields` on top. */
export function makeRecord(required: RequiredRecordFields, fields: Partial<ContextRecord> = {}): ContextRecord {
  return {
    external_id: null,
    bot_id: null,
    session_id: null,
    tenant: null,
    source: null,
    state_metadata: null,
    metadata: null,
    relationships: [],
    expires_at: null,
    retention_policy: null,
    lifecycle_status: LIFECYCLE_ACTIVE,
    retired_at: null,
    retired_reason: null,
    supersedes_id: null,
    superseded_by_id: null,
    content_type: 'text/plain',
    binary_payload: null,
    payload_uri: null,
    payload_size: null,
    payload_checksum: null,
    embedding: null,
    ...required,
    ...fields,
  };
}

export const LIFECYCLE_ACTIVE = 'active';
export const LIFECYCLE_CONTRADICTED = 'contradicted';

/** The reserved content type lance-context writes for deletions. */
export const TOMBSTONE_CONTENT_TYPE = 'application/vnd.lance-context.tombstone';

/**
 * Whether a content type marks a tombstone. The store format asks readers to
 * treat any content type mentioning "tombstone" as one, so stores written by
 * other lance-context versions are read safely.
 */
export function isTombstoneContentType(contentType: string): boolean {
  return contentType === TOMBSTONE_CONTENT_TYPE || /tombstone/i.test(contentType);
}
