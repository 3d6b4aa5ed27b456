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
