/**
 * The messages between the extension host and its curation worker (a child
 * process that runs the core, so the extension host never blocks). All
 * requests are sent by the host; progress flows back on the request's id.
 */
import * as v from 'valibot';
import { ExportOptionsSchema } from '../core/options/exportOptions';
import { ExamplesQuerySchema, ExamplesWindowSchema, GroupDetailSchema, GroupSearchSchema, PlanViewSchema, RecordDetailSchema, Side, StageGroupTextSchema, TextDedupStage, VersionViewSchema } from './messages';
import { notificationType, requestType } from './rpc';

/** A store and how to reach it. */
export const StoreRefSchema = v.strictObject({
  location: v.pipe(v.string(), v.minLength(1)),
  storageOptions: v.optional(v.record(v.string(), v.string())),
  allowUnmergedWal: v.optional(v.boolean()),
  /** The `lanceCurator.memoryBudget` and `lanceCurator.tempDir` settings (a size like 1GiB; an absolute folder). */
  memoryBudget: v.optional(v.pipe(v.string(), v.minLength(1))),
  tempDir: v.optional(v.pipe(v.string(), v.minLength(1))),
});
export type StoreRef = v.InferOutput<typeof StoreRefSchema>;

const AbsolutePath = v.pipe(
  v.string(),
  v.check((p) => p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p), 'expected an absolute path'),
);

/** What the tree shows about a store. */
const StoreInfoSchema = v.looseObject({
  uri: v.string(),
  name: v.string(),
  /** Physical rows of the latest version. */
  rows: v.number(),
  embeddingDim: v.nullable(v.number()),
  distanceMetric: v.string(),
  generation: v.string(),
  /** Records only the write-ahead log holds (included in reads of the latest version). */
  walRecords: v.number(),
  /** What a read covers, e.g. "v12 + 1,840 records in the write-ahead log". */
  readSummary: v.string(),
  versions: v.array(VersionViewSchema),
});
export type StoreInfo = v.InferOutput<typeof StoreInfoSchema>;

/** The files an export wrote. */
const WrittenFilesSchema = v.looseObject({
  /** Every file the export wrote, sidecars included (the core's `outputFilesOf`). */
  files: v.array(v.string()),
  outputs: v.array(
    v.looseObject({ side: Side, path: v.string(), manifestPath: v.string(), statsPath: v.optional(v.string()), provenancePath: v.optional(v.string()), examples: v.number() }),
  ),
  warnings: v.array(v.string()),
  elapsedMs: v.number(),
});
export type WrittenFiles = v.InferOutput<typeof WrittenFilesSchema>;

/** Host → worker: what the stores tree shows of a store. */
export const WorkerStoreInfo = requestType('worker/storeInfo', v.strictObject({ store: StoreRefSchema }), StoreInfoSchema);

/** Host → worker: a preview plan (counts, stats, sample examples) for these options. */
export const WorkerPlan = requestType(
  'worker/plan',
  v.strictObject({ store: StoreRefSchema, options: ExportOptionsSchema, limit: v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(500)) }),
  PlanViewSchema,
);

/** Host → worker: the records and examples of one group. */
export const WorkerGroup = requestType(
  'worker/group',
  v.strictObject({ store: StoreRefSchema, options: ExportOptionsSchema, key: v.pipe(v.string(), v.maxLength(10_000)), side: Side }),
  GroupDetailSchema,
);

/** Host → worker: the text of one group as a group-mode text dedup stage compared it. */
export const WorkerGroupText = requestType(
  'worker/groupText',
  v.strictObject({ store: StoreRefSchema, options: ExportOptionsSchema, stage: TextDedupStage, key: v.pipe(v.string(), v.maxLength(10_000)) }),
  StageGroupTextSchema,
);

/** Host → worker: every field of one record. */
export const WorkerRecord = requestType(
  'worker/record',
  v.strictObject({ store: StoreRefSchema, id: v.pipe(v.string(), v.maxLength(10_000)), version: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))) }),
  RecordDetailSchema,
);

/** Host → worker: write the files of an export (atomically) to `out`; `replaceStale` removes an earlier export's leftovers the user confirmed. */
export const WorkerExport = requestType(
  'worker/export',
  v.strictObject({
    store: StoreRefSchema,
    options: ExportOptionsSchema,
    out: AbsolutePath,
    replaceStale: v.optional(v.boolean()),
    /** What the counts on screen read; with `exportId`, a different read asks the host ({@link HostConfirmMoved}) before writing. */
    expectRead: v.optional(v.string()),
    exportId: v.optional(v.string()),
  }),
  WrittenFilesSchema,
);

/** Worker → host, during an export with `expectRead`: the store moved since the counts; true writes the new counts, false writes nothing. */
export const HostConfirmMoved = requestType(
  'host/confirmMoved',
  v.strictObject({ exportId: v.string(), counted: v.string(), read: v.string(), examples: v.number() }),
  v.boolean(),
);

/** Host → worker: build the demo store in `dir`. */
export const WorkerBuildDemo = requestType('worker/buildDemo', v.strictObject({ dir: AbsolutePath }), v.strictObject({ store: v.string() }));

/** Host → worker: the store changed on disk; drop what is cached for it. */
export const WorkerForget = notificationType('worker/forget', v.strictObject({ store: StoreRefSchema }));

/** Host → worker: a window of every example of the curation (from the index of the last plan of these options). */
export const WorkerExamples = requestType('worker/examples', v.strictObject({ ...ExamplesQuerySchema.entries, store: StoreRefSchema }), ExamplesWindowSchema);

/** Host → worker: groups whose key (else messages) match a query. */
export const WorkerGroupSearch = requestType(
  'worker/groupSearch',
  v.strictObject({ store: StoreRefSchema, options: ExportOptionsSchema, side: Side, query: v.pipe(v.string(), v.maxLength(1000)) }),
  GroupSearchSchema,
);
