import * as arrow from 'apache-arrow';
import { columnData, isValid, readMicros, readNumbers, readStrings, structChild } from './arrowColumns';
import { ContextRecord, LIFECYCLE_ACTIVE, Relationship } from './contextRecord';
import { ContextStore } from './contextStore';
import { parseJsonBounded } from '../json/jsonDepth';

/**
 * Decodes whole rows into {@link ContextRecord}s, every column of the schema,
 * tolerating older stores that lack optional columns. Meant for showing single
 * records and for tests; curation works on columns instead.
 */
export function decodeRecords(batch: arrow.RecordBatch | arrow.Table): ContextRecord[] {
  const batches = batch instanceof arrow.Table ? batch.batches : [batch];
  return batches.flatMap(decodeBatch);
}

function decodeBatch(batch: arrow.RecordBatch): ContextRecord[] {
  const n = batch.numRows;
  const s = (name: string) => readStrings(columnData(batch, name), n);
  const t = (name: string) => readMicros(columnData(batch, name), n);
  const ids = s('id');
  const state = columnData(batch, 'state_metadata');
  const step = readNumbers(structChild(state, 'step'), n);
  const tokens = readNumbers(structChild(state, 'tokens_used'), n);
  const planIds = readStrings(structChild(state, 'active_plan_id'), n);
  const custom = readStrings(structChild(state, 'custom'), n);
  const metadata = s('metadata');
  const createdAt = t('created_at');
  const expiresAt = t('expires_at');
  const retiredAt = t('retired_at');
  const payloadSize = readNumbers(columnData(batch, 'payload_size'), n);
  const relationships = batch.getChild('relationships');
  const binary = columnData(batch, 'binary_payload');
  const embedding = columnData(batch, 'embedding');
  const columns = {
    external_id: s('external_id'),
    run_id: s('run_id'),
    bot_id: s('bot_id'),
    session_id: s('session_id'),
    tenant: s('tenant'),
    source: s('source'),
    role: s('role'),
    retention_policy: s('retention_policy'),
    lifecycle_status: s('lifecycle_status'),
    retired_reason: s('retired_reason'),
    supersedes_id: s('supersedes_id'),
    superseded_by_id: s('superseded_by_id'),
    content_type: s('content_type'),
    text_payload: s('text_payload'),
    payload_uri: s('payload_uri'),
    payload_checksum: s('payload_checksum'),
  };
  const nan = (x: number) => (Number.isNaN(x) ? null : x);
  const records: ContextRecord[] = [];
  for (let i = 0; i < n; i++) {
    const text = metadata[i];
    let parsed: unknown = null;
    if (text !== null) {
      try {
        parsed = parseJsonBounded(text);
      } catch {
        parsed = text;
      }
    }
    records.push({
      id: ids[i] ?? '',
      external_id: columns.external_id[i],
      run_id: columns.run_id[i] ?? '',
      bot_id: columns.bot_id[i],
      session_id: columns.session_id[i],
      tenant: columns.tenant[i],
      source: columns.source[i],
      created_at: createdAt[i],
      role: columns.role[i] ?? '',
      state_metadata:
        state && isValid(state, i)
          ? { step: nan(step[i]), active_plan_id: planIds[i], tokens_used: nan(tokens[i]), custom: custom[i] }
          : null,
      metadata: parsed,
      relationships: decodeRelationships(relationships, i),
      expires_at: nan(expiresAt[i]),
      retention_policy: columns.retention_policy[i],
      lifecycle_status: columns.lifecycle_status[i] ?? LIFECYCLE_ACTIVE,
      retired_at: nan(retiredAt[i]),
      retired_reason: columns.retired_reason[i],
      supersedes_id: columns.supersedes_id[i],
      superseded_by_id: columns.superseded_by_id[i],
      content_type: columns.content_type[i] ?? 'text/plain',
      text_payload: columns.text_payload[i],
      binary_payload: binary && isValid(binary, i) ? decodeBinary(binary, i) : null,
      payload_uri: columns.payload_uri[i],
      payload_size: nan(payloadSize[i]),
      payload_checksum: columns.payload_checksum[i],
      embedding: embedding && isValid(embedding, i) ? decodeVector(embedding, i) : null,
    });
  }
  return records;
}

function decodeRelationships(vector: arrow.Vector | null, i: number): Relationship[] {
  const value = vector?.get(i) as arrow.Vector | null | undefined;
  if (!value) return [];
  return Array.from(value as unknown as Iterable<{ target_id: string; relation: string; weight: number | null }>, (item) => ({
    target_id: item.target_id,
    relation: item.relation,
    weight: item.weight ?? null,
  }));
}

function decodeBinary(data: arrow.Data, i: number): Uint8Array {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const start = Number(offsets[data.offset + i]);
  const end = Number(offsets[data.offset + i + 1]);
  return (data.values as Uint8Array).slice(start, end);
}

function decodeVector(data: arrow.Data, i: number): Float32Array {
  const dim = (data.type as arrow.FixedSizeList).listSize;
  const child = data.children[0];
  const start = child.offset + (data.offset + i) * dim;
  return (child.values as Float32Array).slice(start, start + dim);
}

/** Reads the latest row of each given record id (or every row when `ids` is omitted). */
export async function readRecords(store: ContextStore, ids?: readonly string[]): Promise<ContextRecord[]> {
  const wanted = ids ? new Set(ids) : undefined;
  const latest = new Map<string, ContextRecord>();
  const all: ContextRecord[] = [];
  for await (const batch of store.scan([...store.info.columns])) {
    for (const record of decodeBatch(batch)) {
      if (!wanted) all.push(record);
      else if (wanted.has(record.id)) latest.set(record.id, record);
    }
  }
  return wanted ? ids!.flatMap((id) => latest.get(id) ?? []) : all;
}
