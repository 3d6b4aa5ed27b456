/**
 * The messages between the extension host and its webviews (the export
 * preview and the stats editor). Both sides import this module; it imports
 * only types from the core, and the core's options schema. Each message: who
 * sends it, when, and the schemas the receiving endpoint checks it against.
 */
import type {
  ChartData,
  ExampleSort,
  GroupMatch,
  ContextRecord,
  Exclusion,
  ExportCounts,
  ExcludedExample,
  ExportStats,
  GroupDetail,
  GroupSummary,
  OutputSide,
  PipelineProgress,
  PipelineStage,
  RecordSummary,
  StageGroupText,
} from '../core';
import type { ExportOptions } from '../core/options/exportOptions';
import type { DegenerateReason, ExampleNotes } from '../core/export/exampleNotes';
import type { CandidateTurn, ExampleFlag } from '../core/export/turnExamples';
import type { ExclusionStage, OptionalExclusionStage } from '../core/pipeline/pipelineStages';
import * as v from 'valibot';
import { ExportOptionsSchema } from '../core/options/exportOptions';
import { OUTPUT_SIDES } from '../core/split/outputSide';
import { notificationType, requestType } from './rpc';

// ---------------------------------------------------------------- plan view

/** One example as the webview shows it: the parsed JSONL line, its group and the records it presents. */
export interface ExampleView {
  group: string;
  example: Record<string, unknown>;
  records: RecordSummary[];
  /** Set when the example is degenerate (written as export.rs does, but marked). */
  degenerate?: DegenerateReason;
  /** Marks on a line written unchanged (`candidates_span_turns`), and the turns its candidates answer. */
  flags?: ExampleFlag[];
  turns?: CandidateTurn[];
  /** Trainer formats: which trainer the line is for, the line exactly as written, and the native line beside it. */
  format?: 'trl' | 'openai';
  line?: string;
  native?: string;
  /** Tokens of the line, when a tokenizer is set. */
  tokens?: number;
  /** Trainer lines: what the trainer computes the loss on; with a chat template, the rendered training text. */
  loss?: string;
  rendered?: string;
  /** Where the loss applies in `rendered`: [start, end) character spans. */
  lossSpans?: [number, number][];
  /** Tokens of `rendered` itself (`tokens` is the line's: its longest sequence). */
  renderedTokens?: number;
}

/** An example of the full list: its place in output order and the values it sorts by. */
export interface ListedExampleView extends ExampleView {
  ordinal: number;
  reward?: number;
  /** Chosen − rejected (best − worst for ranked and rollout examples). */
  margin?: number;
  /** Tokens of the line (with a tokenizer), else of its records (`tokens_used`, else words). */
  length: number;
  groupSize: number;
}

/** What the preview shows of one output. */
export interface OutputView {
  side: OutputSide;
  counts: ExportCounts;
  stats: ExportStats;
  groups: GroupSummary[];
  examples: ExampleView[];
  charts?: ChartData;
  /** Degenerate examples and groups that gave none, by reason. */
  notes: ExampleNotes;
  /** Examples (or ranked pairs) the format stage dropped, with their reasons (bounded like exclusions). */
  excludedExamples?: { total: number; items: ExcludedExample[] };
  /** Examples decided before the format stage. */
  decidedExamples?: number;
}

/** Exclusions of one stage: the total and the first items. */
export interface ExclusionList {
  total: number;
  /** How many exclusions each rule made (tombstone, expired, filter, …), over all of them. */
  rules: Record<string, number>;
  items: Omit<Exclusion, 'row'>[];
  /** Conversations a text stage removed some turns from (record unit inside conversations). */
  conversations?: number;
}


/** A train/eval pair that are near duplicates, with the evidence of each measure that found it. */
export interface LeakagePairView {
  trainId: string;
  evalId: string;
  trainGroup: string;
  evalGroup: string;
  /** Embedding cosine distance, when within the leakage distance. */
  distance?: number;
  /** Exact shingle Jaccard, when at or above the text threshold. */
  similarity?: number;
  /** The records' texts (clipped), side by side in the list. */
  trainText?: string;
  evalText?: string;
  /** A text recurring in many pairs, folded into this line (this pair is the most severe of them). */
  folded?: { text: string; pairs: number };
  /** Group unit: record pairs between the two groups (this pair is the most severe). */
  recordPairs?: number;
}

/** Train/eval near-duplicate pairs of a split (`--leakage`), for the panel. */
export interface LeakageView {
  mode: 'report' | 'move';
  /** Pairs straddling the split as the seed assigned it. */
  pairs: number;
  /** `move`: train groups moved to eval. */
  moved: number;
  /** `move`: pairs still straddling after the move. */
  remaining: number;
  /** Cosine distance at or below which embeddings leak. */
  distance: number;
  /** Curated records, and those of them with an embedding. */
  records: number;
  embedded: number;
  /** The text measure, when text dedup is on. */
  text?: { threshold: number; shingleSize: number };
  /** Lines of the list (pairs, folded texts or group pairs), most severe first; the first {@link LEAKAGE_PAIRS_SHOWN} are shown. */
  lines?: number;
  remainingLines?: number;
  /** The first pairs (before any move), at most {@link LEAKAGE_PAIRS_SHOWN}. */
  shownPairs: LeakagePairView[];
  /** The first pairs still straddling after a move. */
  shownRemaining: LeakagePairView[];
}

/** Most leakage pairs sent to the panel per list; the panel says how many more the report holds. */
export const LEAKAGE_PAIRS_SHOWN = 200;

/** The plan, shaped for the webview. */
export interface PlanView {
  /** `read`: what the plan read, e.g. "v12 + 1,840 records in the write-ahead log" (for the preview header). */
  store: { uri: string; name: string; version: number; read?: string };
  output: OutputView;
  eval?: OutputView;
  /** Exclusions by stage (`EXCLUSION_STAGES` order); the optional stages only when they ran. */
  excluded: Record<Exclude<ExclusionStage, OptionalExclusionStage>, ExclusionList> & Partial<Record<OptionalExclusionStage, ExclusionList>>;
  leakage?: LeakageView;
  timings: Partial<Record<PipelineStage, number>>;
  warnings: string[];
  /** Wall time of the recount on the host, ms. */
  elapsedMs: number;
}

/** A version of the store, for the version picker. */
export interface VersionView {
  version: number;
  /** Commit time, ms since the epoch. */
  timestamp: number;
  /** Physical rows of the base table at this version, when known. */
  rows?: number;
}

/** A record as the webview shows it: the embedding is summarized, binary payloads are sizes. */
export type RecordDetailView = Omit<ContextRecord, 'embedding' | 'binary_payload'> & {
  embedding: { dim: number; head: number[] } | null;
  binary_payload_bytes: number | null;
};

// ---------------------------------------------------------------- schemas

/**
 * The shape of a value produced by our own code on the other side (a plan, a
 * group): checked structurally at the top so a malformed reply fails at the
 * door, typed as the interface it carries.
 */
function shaped<T>(schema: v.GenericSchema): v.GenericSchema<unknown, T> {
  return schema as unknown as v.GenericSchema<unknown, T>;
}

const Empty = v.strictObject({});
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const Side = v.picklist(OUTPUT_SIDES);

export const VersionViewSchema = v.strictObject({ version: v.pipe(v.number(), v.safeInteger(), v.minValue(0)), timestamp: v.number(), rows: v.optional(v.number()) });

const OutputViewSchema = v.looseObject({
  side: Side,
  counts: v.looseObject({ examples: v.number() }),
  stats: v.looseObject({}),
  groups: v.array(v.looseObject({ key: v.string(), records: v.number(), examples: v.number() })),
  examples: v.array(v.looseObject({ group: v.string(), example: v.looseObject({}), records: v.array(v.looseObject({ id: v.string() })) })),
  notes: v.looseObject({ degenerate: v.record(v.string(), v.number()), skippedGroups: v.record(v.string(), v.number()) }),
});

export const PlanViewSchema = shaped<PlanView>(
  v.looseObject({
    store: v.looseObject({ uri: v.string(), name: v.string(), version: v.number() }),
    output: OutputViewSchema,
    eval: v.optional(OutputViewSchema),
    excluded: v.record(v.string(), v.looseObject({ total: v.number(), items: v.array(v.looseObject({ id: v.string(), reason: v.string() })) })),
    timings: v.record(v.string(), v.number()),
    warnings: v.array(v.string()),
    elapsedMs: v.number(),
  }),
);

/** The text stages whose group-mode removals can be diffed against the kept group. */
export const TextDedupStage = v.picklist(['text_exact', 'text_minhash'] as const);

export const StageGroupTextSchema: v.GenericSchema<unknown, StageGroupText | null> = v.nullable(
  v.strictObject({ key: v.string(), records: v.array(v.string()), text: v.string() }),
);

export const GroupDetailSchema = shaped<GroupDetail | null>(v.nullable(v.looseObject({ key: v.string(), records: v.array(v.looseObject({ id: v.string() })) })));
export const RecordDetailSchema = shaped<RecordDetailView | null>(v.nullable(v.looseObject({ id: v.string(), role: v.string() })));

// ---------------------------------------------------------------- preview panel

/** Webview → host, once its script runs: the host answers with `previewInit`. */
export const PreviewReady = notificationType('preview/ready', Empty);

export interface PreviewInit {
  store: { uri: string; name: string; embeddingDim: number | null };
  versions: VersionView[];
  /** Options to start from (restored state or the command's arguments). */
  options: ExportOptions;
  sampleSize: number;
  /** Wait this long after an option change before recounting. */
  debounceMs: number;
  defaultOutput: string;
  /** The folder relative paths (holdout, outputs) are taken against; shown under those fields. */
  baseDir: string;
  /** What a read of the latest state covers ("v12 + 1,840 records in the write-ahead log"); a change marks the counts stale. */
  readSummary?: string;
}

const PreviewInitSchema: v.GenericSchema<unknown, PreviewInit> = v.strictObject({
  store: v.strictObject({ uri: v.string(), name: v.string(), embeddingDim: v.nullable(v.number()) }),
  versions: v.array(VersionViewSchema),
  options: ExportOptionsSchema,
  sampleSize: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  debounceMs: v.pipe(v.number(), v.minValue(0)),
  defaultOutput: v.string(),
  baseDir: v.string(),
  readSummary: v.optional(v.string()),
});

/** Host → webview, after `preview/ready` and when the store changes on disk. */
export const PreviewInitNotification = notificationType('preview/init', PreviewInitSchema);

/** Webview → host: recount the plan for these options (a newer plan request cancels the older). */
export const PlanRequest = requestType(
  'preview/plan',
  v.strictObject({ options: ExportOptionsSchema, limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(500))) }),
  PlanViewSchema,
);

export const ExampleSortSchema = v.picklist(['order', 'reward', 'margin', 'tokens', 'groupSize'] satisfies ExampleSort[]);

/** A window of the examples list, and where a looked-for group starts in it. */
export interface ExamplesWindow {
  /** Examples of the side. */
  total: number;
  /** Examples matching the search (all without one). */
  matched: number;
  start: number;
  examples: ListedExampleView[];
  /** With `findGroup`: where the group starts in this order and what matched; null when nothing did. */
  found?: (GroupMatch & { position: number }) | null;
}

export const ExamplesQuerySchema = v.strictObject({
  options: ExportOptionsSchema,
  side: Side,
  start: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** At most 200 examples per window. */
  count: v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(200)),
  search: v.optional(Text(1000)),
  sort: v.optional(ExampleSortSchema),
  descending: v.optional(v.boolean()),
  findGroup: v.optional(Text(10_000)),
});

export const ExamplesWindowSchema = shaped<ExamplesWindow>(
  v.looseObject({
    total: v.number(),
    matched: v.number(),
    start: v.number(),
    examples: v.array(v.looseObject({ ordinal: v.number(), group: v.string(), example: v.looseObject({}), records: v.array(v.looseObject({ id: v.string() })) })),
  }),
);

/**
 * Webview → host: examples [start, start + count) of every example of the
 * current curation, filtered by `search` and ordered by `sort` (the worker
 * keeps an index of them from the last plan).
 */
export const ExamplesRequest = requestType('preview/examples', ExamplesQuerySchema, ExamplesWindowSchema);

export const GroupSearchSchema = shaped<{ matches: GroupMatch[]; total: number }>(
  v.strictObject({ matches: v.array(v.strictObject({ matched: v.picklist(['key', 'key-prefix', 'key-contains', 'text']), key: v.string() })), total: v.number() }),
);

/** Webview → host: groups of `side` whose key matches `query`, or (only when none does) whose messages contain it. */
export const GroupSearchRequest = requestType('preview/groupSearch', v.strictObject({ options: ExportOptionsSchema, side: Side, query: Text(1000) }), GroupSearchSchema);

/** Webview → host: the records and examples of one group (opening a group). */
export const GroupRequest = requestType(
  'preview/group',
  v.strictObject({ options: ExportOptionsSchema, key: Text(10_000), side: Side }),
  GroupDetailSchema,
);

/**
 * Webview → host: the text of group `key` as the group-mode text stage
 * `stage` compared it under `options` (its records present at that stage, in
 * (created_at, id) order, joined by '\n'), for the word diff of a removed
 * conversation against the kept one. Null when there is no such unit.
 */
export const GroupTextRequest = requestType(
  'preview/groupText',
  v.strictObject({ options: ExportOptionsSchema, stage: TextDedupStage, key: Text(10_000) }),
  StageGroupTextSchema,
);

/** Webview → host: every field of one record (clicking an excluded record). */
export const RecordRequest = requestType(
  'preview/record',
  v.strictObject({ id: Text(10_000), version: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))) }),
  RecordDetailSchema,
);

export interface WrittenView {
  files: string[];
  examples: number;
}

/**
 * Webview → host: write the files for the options of the counts on screen
 * ("Write files"), counted on `countedVersion`; refused when the store has
 * moved since. Null when the user cancelled the save dialog.
 */
export const WriteFilesRequest = requestType(
  'preview/writeFiles',
  v.strictObject({
    options: ExportOptionsSchema,
    countedVersion: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    countedRead: v.optional(v.string()),
    /** Examples the counts on screen show (all sides), for "N → M" when the store moves. */
    countedExamples: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  }),
  v.nullable(v.strictObject({ files: v.array(v.string()), examples: v.number() })),
);

/** Webview → host: open a written file (a path relative to the store's folder, or absolute) in an editor. */
export const OpenFileRequest = requestType('preview/openFile', v.strictObject({ path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) }), v.boolean());

/** Webview → host: let the user pick a holdout file or store. */
export const PickHoldoutRequest = requestType('preview/pickHoldout', Empty, v.nullable(v.string()));

/** Progress of a plan or write, as the pipeline reports it. */
export type ProgressView = PipelineProgress;

// ---------------------------------------------------------------- stats editor

/** Webview → host, once its script runs. */
export const StatsReady = notificationType('stats/ready', Empty);

export interface StatsDocument {
  fileName: string;
  /** The `.stats.json` text (parsed and checked by the webview). */
  statsText: string;
  /** The sibling `.manifest.json`, when it exists. */
  manifest?: { fileName: string; text: string };
}

/** Host → webview: (re)render this stats file; sent on open and on every change. */
export const StatsDocumentNotification = notificationType<StatsDocument>(
  'stats/document',
  v.strictObject({ fileName: v.string(), statsText: v.string(), manifest: v.optional(v.strictObject({ fileName: v.string(), text: v.string() })) }),
);

/** Webview → host: reopen the file in the text editor (invalid or foreign JSON). */
export const OpenAsTextNotification = notificationType('stats/openAsText', Empty);
