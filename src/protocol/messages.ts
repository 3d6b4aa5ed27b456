/**
 * The messages between the extension host and its webviews (the export
 * preview and the stats editor). Both sides import this module; it imports
 * only types from the core. Each message: who sends it, when.
 */
import * as v from 'valibot';
import type {
  ChartData,
  ContextRecord,
  Exclusion,
  ExportCounts,
  ExportOptions,
  ExportStats,
  GroupDetail,
  GroupSummary,
  OutputSide,
  PipelineProgress,
  PipelineStage,
  RecordSummary,
} from '../core';
import { notificationType, requestType } from './rpc';

// ---------------------------------------------------------------- options

const number = v.pipe(v.number(), v.finite());

/** Validates export options arriving from a webview or a command argument. */
export const ExportOptionsSchema = v.strictObject({
  task: v.optional(v.picklist(['sft', 'preference', 'rollout'])),
  form: v.optional(v.picklist(['paired', 'unpaired', 'ranked'])),
  groupBy: v.optional(v.pipe(v.string(), v.maxLength(200))),
  filter: v.optional(v.pipe(v.string(), v.maxLength(100_000))),
  includeExpired: v.optional(v.boolean()),
  includeRetired: v.optional(v.boolean()),
  referenceTime: v.optional(v.pipe(v.string(), v.maxLength(64))),
  minReward: v.optional(number),
  dedupThreshold: v.optional(number),
  holdout: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  decontaminateThreshold: v.optional(number),
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  splitEval: v.optional(number),
  splitBy: v.optional(v.pipe(v.string(), v.maxLength(200))),
  splitSeed: v.optional(v.union([v.pipe(v.string(), v.regex(/^\d{1,20}$/)), v.pipe(v.number(), v.integer(), v.minValue(0))])),
  stats: v.optional(v.boolean()),
  strict: v.optional(v.boolean()),
  order: v.optional(v.picklist(['created_at', 'scan'])),
}) satisfies v.GenericSchema<unknown, ExportOptions>;

/** Parses untrusted options; throws a readable message naming the field. */
export function parseExportOptions(input: unknown): ExportOptions {
  const result = v.safeParse(ExportOptionsSchema, input);
  if (result.success) return result.output as ExportOptions;
  const issue = result.issues[0];
  const where = v.getDotPath(issue) ?? 'options';
  throw new Error(`invalid option ${where}: ${issue.message}`);
}

// ---------------------------------------------------------------- plan view

/** One example as the webview shows it: the parsed JSONL line, its group and the records it presents. */
export interface ExampleView {
  group: string;
  example: Record<string, unknown>;
  records: RecordSummary[];
}

/** What the preview shows of one output. */
export interface OutputView {
  side: OutputSide;
  counts: ExportCounts;
  stats: ExportStats;
  groups: GroupSummary[];
  examples: ExampleView[];
  charts?: ChartData;
}

/** Exclusions of one stage: the total and the first items. */
export interface ExclusionList {
  total: number;
  items: Omit<Exclusion, 'row'>[];
}

export const EXCLUSION_STAGES = ['listing', 'lifecycle', 'reward_threshold', 'dedup', 'decontaminate'] as const;

/** The plan, shaped for the webview. */
export interface PlanView {
  /** `read`: what the plan read, e.g. "v12 + 1 840 records in the write-ahead log" (for the preview header). */
  store: { uri: string; name: string; version: number; read?: string };
  output: OutputView;
  eval?: OutputView;
  excluded: Record<(typeof EXCLUSION_STAGES)[number], ExclusionList>;
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
}

/** A record as the webview shows it: the embedding is summarized, binary payloads are sizes. */
export type RecordView = Omit<ContextRecord, 'embedding' | 'binary_payload'> & {
  embedding: { dim: number; head: number[] } | null;
  binary_payload_bytes: number | null;
};

// ---------------------------------------------------------------- preview panel

/** Webview → host, once its script runs: the host answers with `previewInit`. */
export const PreviewReady = notificationType<Record<string, never>>('preview/ready');

export interface PreviewInit {
  store: { uri: string; name: string; embeddingDim: number | null };
  versions: VersionView[];
  /** Options to start from (restored state or the command's arguments). */
  options: ExportOptions;
  sampleSize: number;
  /** Wait this long after an option change before recounting. */
  debounceMs: number;
  defaultOutput: string;
}

/** Host → webview, after `preview/ready` and when the store changes on disk. */
export const PreviewInitNotification = notificationType<PreviewInit>('preview/init');

/** Webview → host: recount the plan for these options (a newer plan request cancels the older). */
export const PlanRequest = requestType<{ options: ExportOptions }, PlanView>('preview/plan');

/** Webview → host: the records and examples of one group (opening a group). */
export const GroupRequest = requestType<{ options: ExportOptions; key: string; side: OutputSide }, GroupDetail | null>('preview/group');

/** Webview → host: every field of one record (clicking an excluded record). */
export const RecordRequest = requestType<{ id: string; version?: number }, RecordView | null>('preview/record');

/** Webview → host: write the files for these options ("Write files"). Null when the user cancelled the save dialog. */
export const WriteFilesRequest = requestType<{ options: ExportOptions }, { files: string[]; examples: number } | null>('preview/writeFiles');

/** Webview → host: let the user pick a holdout file or store. */
export const PickHoldoutRequest = requestType<Record<string, never>, string | null>('preview/pickHoldout');

/** Progress of a plan or write, as the pipeline reports it. */
export type ProgressView = PipelineProgress;

// ---------------------------------------------------------------- stats editor

/** Webview → host, once its script runs. */
export const StatsReady = notificationType<Record<string, never>>('stats/ready');

export interface StatsDocument {
  fileName: string;
  /** The `.stats.json` text (parsed and checked by the webview). */
  statsText: string;
  /** The sibling `.manifest.json`, when it exists. */
  manifest?: { fileName: string; text: string };
}

/** Host → webview: (re)render this stats file; sent on open and on every change. */
export const StatsDocumentNotification = notificationType<StatsDocument>('stats/document');

/** Webview → host: reopen the file in the text editor (invalid or foreign JSON). */
export const OpenAsTextNotification = notificationType<Record<string, never>>('stats/openAsText');
