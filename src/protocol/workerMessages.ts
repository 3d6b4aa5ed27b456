/**
 * The messages between the extension host and its curation worker (a child
 * process that runs the core, so the extension host never blocks). All
 * requests are sent by the host; progress flows back on the request's id.
 */
import type { ExportOptions, GroupDetail, OutputSide } from '../core';
import type { PlanView, RecordView, VersionView } from './messages';
import { notificationType, requestType } from './rpc';

/** A store and how to reach it. */
export interface StoreRef {
  location: string;
  storageOptions?: Record<string, string>;
  allowUnmergedWal?: boolean;
}

/** What the tree shows about a store. */
export interface StoreInfo {
  uri: string;
  name: string;
  /** Physical rows of the latest version. */
  rows: number;
  embeddingDim: number | null;
  distanceMetric: string;
  generation: string;
  /** Records only the write-ahead log holds (included in reads of the latest version). */
  walRecords: number;
  /** What a read covers, e.g. "v12 + 1 840 records in the write-ahead log". */
  readSummary: string;
  versions: VersionView[];
}

export interface WrittenFiles {
  outputs: { side: OutputSide; path: string; manifestPath: string; statsPath?: string; examples: number }[];
  warnings: string[];
  elapsedMs: number;
}

export const WorkerStoreInfo = requestType<{ store: StoreRef }, StoreInfo>('worker/storeInfo');
export const WorkerPlan = requestType<{ store: StoreRef; options: ExportOptions; limit: number }, PlanView>('worker/plan');
export const WorkerGroup = requestType<{ store: StoreRef; options: ExportOptions; key: string; side: OutputSide }, GroupDetail | null>('worker/group');
export const WorkerRecord = requestType<{ store: StoreRef; id: string; version?: number }, RecordView | null>('worker/record');
export const WorkerExport = requestType<{ store: StoreRef; options: ExportOptions; out: string }, WrittenFiles>('worker/export');
export const WorkerBuildDemo = requestType<{ dir: string }, { store: string }>('worker/buildDemo');

/** Host → worker: the store changed on disk; drop what is cached for it. */
export const WorkerForget = notificationType<{ store: StoreRef }>('worker/forget');
