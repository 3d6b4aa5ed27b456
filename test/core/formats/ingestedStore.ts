import { ContextRecord } from '../../../src/core';
import { rec } from '../../helpers/records';
import { ingestMessages, IngestOptions } from './ingestedRecords';

/** Where a conversation sits in the store: its session and the second its first message was written. */
export interface StoredConversation extends IngestOptions {
  session: string;
  start: number;
}

/**
 * Store records of a conversation written as lance-context's `ingest_messages`
 * writes them (one per message, `raw_message` kept, tool-only messages as
 * `application/json`), in session `session`, one second apart.
 */
export function ingestedContextRecords(prefix: string, messages: Record<string, unknown>[], where: StoredConversation): ContextRecord[] {
  return ingestMessages(prefix, messages, where).map((record, i) => {
    const { external_id: externalId, ...metadata } = record.metadata as Record<string, unknown>;
    return rec(record.id, record.role, record.text, where.start + i, {
      session_id: where.session,
      content_type: record.contentType,
      external_id: externalId as string,
      metadata,
    });
  });
}
