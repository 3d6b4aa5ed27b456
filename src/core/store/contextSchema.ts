import * as arrow from 'apache-arrow';
import { CuratorError } from '../errors';
import { guessStoreKind, REQUIRED_COLUMNS } from './storeKind';

export { REQUIRED_COLUMNS };

/** Schema metadata key naming the store's vector distance metric. */
export const DISTANCE_METRIC_KEY = 'lance-context:distance_metric';
/** Field metadata key marking a payload column stored as a Lance blob. */
export const BLOB_KEY = 'lance-context:blob';
/** The same mark in older stores (Lance's own blob encoding). */
export const LEGACY_BLOB_KEY = 'lance-encoding:blob';
const PRIMARY_KEY = 'lance-schema:unenforced-primary-key';
export const DEFAULT_EMBEDDING_DIM = 1536;

export type DistanceMetric = 'l2' | 'cosine' | 'dot';

/** Columns every context store has; a dataset without them is something else. */

/** Optional column groups that older stores may lack. */
export const OPTIONAL_GROUPS = {
  external_id: ['external_id'],
  tenant_source: ['tenant', 'source'],
  metadata: ['metadata'],
  relationships: ['relationships'],
  lifecycle: [
    'expires_at',
    'retention_policy',
    'lifecycle_status',
    'retired_at',
    'retired_reason',
    'supersedes_id',
    'superseded_by_id',
  ],
  payload_reference: ['payload_uri', 'payload_size', 'payload_checksum'],
} as const;

export type OptionalGroup = keyof typeof OPTIONAL_GROUPS;

/** What a reader needs to know about a store's schema. */
export interface SchemaInfo {
  columns: ReadonlySet<string>;
  /** Dimension of the `embedding` column, or `null` when the store has none. */
  embeddingDim: number | null;
  distanceMetric: DistanceMetric;
  /** `text_payload` is LargeBinary (a blob column) and must be decoded as UTF-8. */
  textPayloadIsBinary: boolean;
  /** Optional column groups present, in schema order of introduction. */
  groups: OptionalGroup[];
  /** A short human label, e.g. "full (all optional columns)" or "older: no lifecycle, relationships". */
  generation: string;
}

/** Inspects an Arrow schema; throws when it is not a context store. */
export function describeSchema(schema: arrow.Schema, location: string): SchemaInfo {
  const columns = new Set(schema.fields.map((field) => field.name));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new CuratorError(
      'store',
      `${location}: not a context store: looks like a ${guessStoreKind(columns)} store ` +
        `(missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')})`,
      { file: location, field: missing[0] },
    );
  }
  const embedding = schema.fields.find((field) => field.name === 'embedding');
  let embeddingDim: number | null = null;
  if (embedding) {
    if (!arrow.DataType.isFixedSizeList(embedding.type)) {
      throw new CuratorError('store', `${location}: column embedding is ${embedding.type}, expected FixedSizeList<Float32>`, {
        file: location,
        field: 'embedding',
      });
    }
    embeddingDim = embedding.type.listSize;
  }
  const text = schema.fields.find((field) => field.name === 'text_payload');
  const groups = (Object.keys(OPTIONAL_GROUPS) as OptionalGroup[]).filter((group) =>
    OPTIONAL_GROUPS[group].some((name) => columns.has(name)),
  );
  const absent = (Object.keys(OPTIONAL_GROUPS) as OptionalGroup[]).filter((group) => !groups.includes(group));
  return {
    columns,
    embeddingDim,
    distanceMetric: parseDistanceMetric(schema.metadata.get(DISTANCE_METRIC_KEY)),
    textPayloadIsBinary:
      text?.type.typeId === arrow.Type.LargeBinary ||
      text?.type.typeId === arrow.Type.Binary ||
      text?.metadata.get(BLOB_KEY) === 'true' ||
      text?.metadata.has(LEGACY_BLOB_KEY) === true,
    groups,
    generation: absent.length === 0 ? 'current (all optional columns)' : `older (no ${absent.join(', ')})`,
  };
}

function parseDistanceMetric(value: string | undefined): DistanceMetric {
  switch (value?.toLowerCase()) {
    case 'cosine':
      return 'cosine';
    case 'dot':
    case 'dot_product':
      return 'dot';
    default:
      return 'l2';
  }
}

export interface ContextSchemaOptions {
  /** Embedding dimension (default 1536); `null` leaves the embedding column out. */
  embeddingDim?: number | null;
  distanceMetric?: DistanceMetric;
  /** Store `text_payload` as LargeBinary (a blob column), as some stores are configured. */
  textPayloadAsBinary?: boolean;
  /** The blob mark to put on a binary `text_payload`: today's `lance-context:blob` (default) or older stores' `lance-encoding:blob`. */
  blobKey?: typeof BLOB_KEY | typeof LEGACY_BLOB_KEY;
  /** Optional groups to leave out, to produce the schema of an older store. */
  omit?: OptionalGroup[];
}

/** The Arrow schema lance-context writes, column for column. */
export function buildContextSchema(options: ContextSchemaOptions = {}): arrow.Schema {
  const dim = options.embeddingDim === undefined ? DEFAULT_EMBEDDING_DIM : options.embeddingDim;
  const omitted = new Set<string>((options.omit ?? []).flatMap((group) => [...OPTIONAL_GROUPS[group]]));
  const utf8 = (name: string, nullable = true) => new arrow.Field(name, new arrow.Utf8(), nullable);
  const micros = (name: string, nullable = true) => new arrow.Field(name, new arrow.TimestampMicrosecond(), nullable);
  const blob = new Map([[options.blobKey ?? BLOB_KEY, 'true']]);
  const fields: arrow.Field[] = [
    new arrow.Field('id', new arrow.Utf8(), false, new Map([[PRIMARY_KEY, 'true']])),
    utf8('external_id'),
    utf8('run_id', false),
    utf8('bot_id'),
    utf8('session_id'),
    utf8('tenant'),
    utf8('source'),
    micros('created_at', false),
    new arrow.Field('role', new arrow.Dictionary(new arrow.Utf8(), new arrow.Int8()), false),
    new arrow.Field(
      'state_metadata',
      new arrow.Struct([
        new arrow.Field('step', new arrow.Int32(), true),
        utf8('active_plan_id'),
        new arrow.Field('tokens_used', new arrow.Int32(), true),
        utf8('custom'),
      ]),
      true,
    ),
    new arrow.Field('metadata', new arrow.LargeUtf8(), true),
    new arrow.Field(
      'relationships',
      new arrow.List(
        new arrow.Field(
          'item',
          new arrow.Struct([utf8('target_id'), utf8('relation'), new arrow.Field('weight', new arrow.Float32(), true)]),
          true,
        ),
      ),
      true,
    ),
    micros('expires_at'),
    utf8('retention_policy'),
    utf8('lifecycle_status', false),
    micros('retired_at'),
    utf8('retired_reason'),
    utf8('supersedes_id'),
    utf8('superseded_by_id'),
    utf8('content_type', false),
    options.textPayloadAsBinary
      ? new arrow.Field('text_payload', new arrow.LargeBinary(), true, blob)
      : new arrow.Field('text_payload', new arrow.LargeUtf8(), true),
    new arrow.Field('binary_payload', new arrow.LargeBinary(), true),
    utf8('payload_uri'),
    new arrow.Field('payload_size', new arrow.Int64(), true),
    utf8('payload_checksum'),
  ];
  if (dim !== null) {
    fields.push(
      new arrow.Field('embedding', new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32(), true)), true),
    );
  }
  return new arrow.Schema(
    fields.filter((field) => !omitted.has(field.name)),
    new Map([[DISTANCE_METRIC_KEY, options.distanceMetric ?? 'l2']]),
  );
}
