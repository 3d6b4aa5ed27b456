import * as fs from 'node:fs';
import * as path from 'node:path';
import { inputError, usageError } from '../errors';
import { ContextRecord } from '../store/contextRecord';
import { buildContextSchema, ContextSchemaOptions, DEFAULT_EMBEDDING_DIM } from '../store/contextSchema';
import { ContextStore } from '../store/contextStore';
import { resolveStoreLocation } from '../store/storeLocation';
import { writeArrowTable } from '../store/arrowIpcWriter';
import { recordsToArrow } from '../store/recordsToArrow';

export interface ImportOptions {
  /** Embedding dimension for a new store (default: the first record's embedding length, else 1536). */
  dim?: number;
  /** Schema options for a new store (metric, blob text payload, omitted column groups). */
  schema?: Omit<ContextSchemaOptions, 'embeddingDim'>;
  storageOptions?: Record<string, string>;
  cwd?: string;
}

export interface ImportResult {
  uri: string;
  created: boolean;
  records: number;
  version: number;
}

/**
 * Writes records to a store as one new version: creates the store (with
 * lance-context's schema) or appends to it (with the store's own schema).
 */
export async function importRecords(location: string, records: readonly ContextRecord[], options: ImportOptions = {}): Promise<ImportResult> {
  if (records.length === 0) throw inputError('no records to import');
  const where = resolveStoreLocation(location, options.cwd);
  const exists = where.local ? fs.existsSync(path.join(where.uri, '_versions')) : false;
  let schema;
  if (exists || !where.local) {
    try {
      const store = await ContextStore.open(where.uri, { storageOptions: options.storageOptions });
      schema = store.schema;
      store.close();
    } catch (error) {
      if (exists) throw error;
    }
  }
  if (!schema) {
    if (options.dim !== undefined && (!Number.isInteger(options.dim) || options.dim < 1)) {
      throw usageError(`expected a positive integer, got ${options.dim}`, { option: 'dim' });
    }
    const firstVector = records.find((record) => record.embedding)?.embedding;
    const dim = options.dim ?? firstVector?.length ?? DEFAULT_EMBEDDING_DIM;
    schema = buildContextSchema({ ...options.schema, embeddingDim: dim });
  }
  checkColumns(records, new Set(schema.fields.map((field) => field.name)), where.uri);
  const { created } = await writeArrowTable(where, recordsToArrow(records, schema), { storageOptions: options.storageOptions });
  const store = await ContextStore.open(where.uri, { storageOptions: options.storageOptions });
  const version = store.version;
  store.close();
  return { uri: where.uri, created, records: records.length, version };
}

const OPTIONAL_FIELDS: (keyof ContextRecord)[] = [
  'external_id',
  'tenant',
  'source',
  'metadata',
  'expires_at',
  'retention_policy',
  'retired_at',
  'retired_reason',
  'supersedes_id',
  'superseded_by_id',
  'payload_uri',
  'payload_size',
  'payload_checksum',
  'embedding',
];

/** A value for a column the store lacks would be silently dropped: refuse instead. */
function checkColumns(records: readonly ContextRecord[], columns: Set<string>, uri: string): void {
  for (const record of records) {
    for (const field of OPTIONAL_FIELDS) {
      if (record[field] !== null && !columns.has(field)) {
        throw inputError(`record ${record.id}: ${uri} has no ${field} column (an older store); remove the field or import into a new store`, {
          recordId: record.id,
          field,
          file: uri,
        });
      }
    }
    if (record.relationships.length > 0 && !columns.has('relationships')) {
      throw inputError(`record ${record.id}: ${uri} has no relationships column`, { recordId: record.id, field: 'relationships', file: uri });
    }
    if (record.lifecycle_status !== 'active' && !columns.has('lifecycle_status')) {
      throw inputError(`record ${record.id}: ${uri} has no lifecycle columns`, { recordId: record.id, field: 'lifecycle_status', file: uri });
    }
  }
}
