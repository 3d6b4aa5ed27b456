import { throwIfAborted } from '../errors';
import { Exclusion } from '../listing/exclusion';
import { EXCLUSION_STAGES, ExclusionStage, OptionalExclusionStage } from '../pipeline/pipelineStages';
import { ExampleSpec, RecordSource, SkipReason, splitPromptCandidates } from '../export/examplePlan';
import { decideGroup, decisionKey } from './groupDecisions';
import { ChartData, chartDataOf, histogramOf } from '../export/histograms';
import { EXPORT_SCHEMA_VERSION } from '../export/exportTasks';
import { groupByLabel, groupKeyOf } from '../export/groupBy';
import { Group } from '../export/groupRows';
import { groupsOfRun } from './runGroups';
import { filterKeyWarnings } from '../listing/filterKeyWarnings';
import { DegenerateReason, degenerateReason, emptyNotes, ExampleNotes } from '../export/exampleNotes';
import { candidateTurnSpan } from '../export/turnExamples';
import { ExportCounts, ExportManifest, ManifestWal, SplitManifest } from '../export/manifest';
import { computeStats, ExportStats } from '../export/stats';
import { splitFraction, splitPaths } from '../split/splitHash';
import type { OutputSide, SplitSide } from '../split/outputSide';
import { formatMicros } from '../time/rfc3339';
import { WalStatus } from '../store/walStatus';
import { CurationSession } from './curationSession';
import { Curation, curate, RunHooks } from './curate';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { createFormatStage, ExcludedExample, FormatStage, FormattedExample, FormattedLine, formatTokenStats } from '../formats/formatStage';
import { AppliedLabels, editPairSpecs, manifestLabels, originalTextsOf, tieReason } from '../labels/applyLabels';
import { checkSplitLeakage, leakageWarnings, MovedGroups, SplitLeakage } from './splitLeakage';

export type { OutputSide };

/** One group of an output: its key, how many records it has and how many examples it yields. */
export interface GroupSummary {
  key: string;
  records: number;
  examples: number;
  /** Why the group yields no example (preference/rollout groups without candidates or signal). */
  skipped?: SkipReason;
  /** Why its example is degenerate (kept, as export.rs writes it, but marked). */
  degenerate?: DegenerateReason;
}

/** What one output file receives. */
export interface OutputPlan {
  side: OutputSide;
  /** Where the JSONL goes (set when an output path was given). */
  path?: string;
  groups: Group[];
  summaries: GroupSummary[];
  manifest: ExportManifest;
  stats: ExportStats;
  /** Distributions for charts, when the sink asked for them. */
  charts?: ChartData;
  /** Degenerate examples and groups that gave none, by reason (for the funnel; not in the manifest). */
  notes: ExampleNotes;
  /** Examples the planner decided, before the format stage (ranked lists count once). */
  plannedExamples: number;
  /** Examples (or ranked pairs) the format stage dropped, with reasons; empty without a format stage. */
  excludedExamples: ExcludedExample[];
}

/** Receives the examples of each output as they are decided, in output order. */
export interface ExampleSink {
  /** Called before the examples of `output`; returns who consumes them, or undefined to only count them. */
  begin(output: Pick<OutputPlan, 'side' | 'path' | 'groups'>, view: RecordSource, format?: FormatStage): ExampleConsumer | undefined;
  /** Also compute chart data (histograms) for each output. */
  wantCharts?: boolean;
}

export interface ExampleConsumer {
  /**
   * One line, decided; the consumer serializes it (bytes for files, objects
   * for previews). With a format stage, `line` is what the stage let
   * through: its trainer text, or (native) the spec to write as before.
   */
  example(group: Group, spec: ExampleSpec, line?: FormattedLine): void;
  /** True once it needs no more examples of this output (the rest are only counted). */
  full?(): boolean;
  /** Waits while the consumer catches up (queued file writes); called between batches of groups. */
  drain?(): Promise<void>;
}

export interface ExportRun {
  curation: Curation;
  /** What record views are built from (for previews that show record details). */
  view: RecordSource;
  outputs: OutputPlan[];
  /** Things the user should know that did not stop the run (skipped unreadable records). */
  warnings: string[];
  /** What was read: base version and the write-ahead log's records (included, or left out by a pinned read). */
  wal: WalStatus;
  /** The format stage, when the run has one (trainer format or tokenizer). */
  format?: FormatStage;
  /** The train/eval leakage check (`--leakage`), when it ran. */
  leakage?: SplitLeakage;
}

/**
 * Curates, partitions (when splitting), groups and builds every example,
 * handing lines to `sink`; computes manifests and stats. Nothing is written here.
 */
export async function decideExport(
  session: CurationSession,
  config: ResolvedExportOptions,
  outPath: string | undefined,
  sink: ExampleSink,
  hooks: RunHooks & { recordedMoves?: readonly string[] } = {},
): Promise<ExportRun> {
  // Tools, tokenizer and template are read before curation: a bad file fails fast.
  const format = await createFormatStage(config);
  const curation = await curate(session, config, hooks);
  const { table, signals, state } = curation;
  const wal = await state.walStatus();
  const started = performance.now();

  const sideOf = splitSideOf(curation, config);
  const leakage = sideOf && (await checkSplitLeakage(curation, config, sideOf, hooks));
  if (leakage) curation.timings.leakage = performance.now() - started;
  const sides = partition(curation, config, leakage && new Set(leakage.moved));
  const paths = outPath === undefined ? undefined : config.split ? splitPaths(outPath) : undefined;
  const grouped = sides.map((side) => ({ ...side, groups: groupsOfRun(curation, config.groupBy, side.rows) }));
  curation.timings.group = performance.now() - started;

  const labels = curation.labels;
  const editPairs = labels && config.editPairs && config.task === 'preference' && config.form === 'paired' ? labels : undefined;
  // The sides' groups hold exactly the curated rows.
  const texts = await state.textsFor(curation.curated, curation.listing.rows, {
    signal: hooks.signal,
    onProgress: (p) => hooks.onProgress?.({ stage: 'write', done: p.done, total: p.total }),
  });
  const view: RecordSource = {
    table,
    signals,
    texts,
    ...(labels ? { originalTexts: originalTextsOf(texts) } : {}),
    contextUri: state.store.uri,
    version: state.store.version,
  };

  const settings = { task: config.task, form: config.form, minReward: config.minReward, pairScope: config.pairScope };
  const reuse = state.cachePayloads ? decisionKey(settings) : undefined;
  const writeStarted = performance.now();
  const outputs: OutputPlan[] = [];
  let groupsDone = 0;
  const totalGroups = grouped.reduce((sum, side) => sum + side.groups.length, 0);
  for (const side of grouped) {
    const sidePath = side.side === 'all' ? outPath : paths?.[side.side];
    const consumer = sink.begin({ side: side.side, path: sidePath, groups: side.groups }, view, format);
    const summaries: GroupSummary[] = [];
    const notes = emptyNotes();
    const excludedExamples: ExcludedExample[] = [];
    const tokenCounts: number[] = [];
    let planned = 0;
    let examples = 0;
    for (const group of side.groups) {
      if ((groupsDone++ & 0x3ff) === 0) {
        throwIfAborted(hooks.signal);
        hooks.onProgress?.({ stage: 'write', done: groupsDone, total: totalGroups });
        await consumer?.drain?.();
      }
      const decided = decideGroup(view, group, settings, reuse);
      let { specs, skipped } = decided;
      if (editPairs) {
        const { prompt, candidates } = splitPromptCandidates(view, group.rows);
        specs = [...specs, ...editPairSpecs(table, editPairs, prompt, candidates)];
        if (specs.length > 0) skipped = undefined;
      }
      planned += specs.length;
      let degenerate: DegenerateReason | undefined;
      for (let i = 0; i < specs.length; i++) {
        const reason = i < decided.specs.length ? decided.degenerate[i] : degenerateReason(view, group, specs[i]);
        if (reason) notes.degenerate[(degenerate = reason)] = (notes.degenerate[reason] ?? 0) + 1;
        if (i >= decided.specs.length && config.task === 'preference' && candidateTurnSpan(view, group, specs[i])) notes.flagged.candidates_span_turns = (notes.flagged.candidates_span_turns ?? 0) + 1;
      }
      if (decided.spansTurns > 0) notes.flagged.candidates_span_turns = (notes.flagged.candidates_span_turns ?? 0) + decided.spansTurns;
      if (skipped) notes.skippedGroups[skipped] = (notes.skippedGroups[skipped] ?? 0) + 1;
      if (!format) {
        const kept = labels ? specs.filter((spec) => !droppedByTie(view, group, spec, labels, excludedExamples)) : specs;
        summaries.push({ key: group.key, records: group.rows.length, examples: kept.length, skipped, degenerate });
        examples += kept.length;
        if (consumer && !consumer.full?.()) for (const spec of kept) consumer.example(group, spec);
        continue;
      }
      let written = 0;
      for (const spec of specs) {
        const formatted = format.linesOf(view, group, spec);
        const { lines, excluded } = labels ? withoutTiedPairs(formatted, format.format, group.key, labels) : formatted;
        for (const drop of excluded) excludedExamples.push(drop);
        for (const line of lines) {
          if (line.tokens !== undefined) tokenCounts.push(line.tokens);
          if (consumer && !consumer.full?.()) consumer.example(group, spec, line);
        }
        written += lines.length;
      }
      summaries.push({ key: group.key, records: group.rows.length, examples: written, skipped, degenerate });
      examples += written;
    }
    const counts: ExportCounts = { ...curation.counts, examples };
    const complement = side.side === 'train' ? paths?.eval : side.side === 'eval' ? paths?.train : undefined;
    const manifest = buildManifest(curation, config, side.groups, counts, side.side, complement, wal);
    const stats = computeStats(view, side.groups, counts, examples, config.task, config.form);
    if (format || labels) {
      if (format && format.format !== 'native') stats.format = format.format;
      stats.excluded_examples = excludedExamples.length;
      if (format) stats.example_tokens = formatTokenStats(format, tokenCounts);
    }
    const ngram = curation.stages.ngram_decontaminate?.report;
    if (ngram) stats.ngram = { n: ngram.n, items: ngram.items, indexed_items: ngram.indexedItems, ignored_items: ngram.ignoredItems, ngrams: ngram.ngrams };
    const charts = sink.wantCharts ? chartDataOf(view, side.groups) : undefined;
    if (charts && tokenCounts.length > 0) charts.exampleTokens = { ...histogramOf(tokenCounts), tokenizer: format!.tokenizer!, maxTokens: config.maxTokens };
    outputs.push({ side: side.side, path: sidePath, groups: side.groups, summaries, manifest, stats, charts, notes, plannedExamples: planned, excludedExamples });
  }
  curation.timings.write = performance.now() - writeStarted;
  return { curation, view, outputs, warnings: [...warningsOf(curation, config, wal), ...filterKeyWarnings(table, config.filters), ...(leakage ? leakageWarnings(leakage) : [])], wal, format, leakage };
}

/** A native paired example whose chosen and rejected a person tied: dropped, with the reason. */
function droppedByTie(view: RecordSource, group: Group, spec: ExampleSpec, labels: AppliedLabels, excluded: ExcludedExample[]): boolean {
  if (spec.form !== 'paired') return false;
  const chosen = view.table.id[spec.chosen];
  const rejected = view.table.id[spec.rejected];
  const reason = tieReason(labels, chosen, rejected);
  if (reason === undefined) return false;
  excluded.push({ group: group.key, record_ids: [...spec.prompt.map((row) => view.table.id[row]), chosen, rejected], reason });
  return true;
}

/** Pair lines (paired form; trainer pairs from ranked lists) whose chosen and rejected a person tied, moved to the excluded. */
function withoutTiedPairs(formatted: FormattedExample, format: string, groupKey: string, labels: AppliedLabels): FormattedExample {
  const lines: FormattedLine[] = [];
  const excluded = [...formatted.excluded];
  for (const line of formatted.lines) {
    const pair = line.form === 'paired' || (line.form === 'ranked' && format !== 'native');
    const ids = line.recordIds;
    const reason = pair && ids.length >= 2 ? tieReason(labels, ids[ids.length - 2], ids[ids.length - 1]) : undefined;
    if (reason === undefined) lines.push(line);
    else excluded.push({ group: groupKey, record_ids: ids, reason });
  }
  return { lines, excluded };
}

/** The side of a row under the split's hash (eval when its key's fraction is below the eval fraction); undefined without a split. */
export function splitSideOf(curation: Curation, config: ResolvedExportOptions): ((row: number) => SplitSide) | undefined {
  if (!config.split) return undefined;
  const { evalFraction, by, seed } = config.split;
  const keyOf = groupKeyOf(by, curation.table);
  const fractions = new Map<string, number>();
  return (row) => {
    const key = keyOf(row);
    let fraction = fractions.get(key);
    if (fraction === undefined) fractions.set(key, (fraction = splitFraction(seed, key)));
    return fraction < evalFraction ? 'eval' : 'train';
  };
}

/**
 * The train/eval sides of a split, or one side. `moved` split groups go to
 * eval whatever their hash says (`--leakage move`).
 */
export function partition(curation: Curation, config: ResolvedExportOptions, moved?: MovedGroups): { side: OutputSide; rows: Int32Array }[] {
  const sideOf = splitSideOf(curation, config);
  if (!sideOf || !config.split) return [{ side: 'all', rows: curation.curated }];
  const keyOf = groupKeyOf(config.split.by, curation.table);
  const train: number[] = [];
  const evalRows: number[] = [];
  for (const row of curation.curated) {
    (sideOf(row) === 'eval' || (moved !== undefined && moved.size > 0 && moved.has(keyOf(row))) ? evalRows : train).push(row);
  }
  return [
    { side: 'train', rows: Int32Array.from(train) },
    { side: 'eval', rows: Int32Array.from(evalRows) },
  ];
}

function buildManifest(
  curation: Curation,
  config: ResolvedExportOptions,
  groups: readonly Group[],
  counts: ExportCounts,
  side: OutputSide,
  complementPath: string | undefined,
  wal: WalStatus,
): ExportManifest {
  const { table, state } = curation;
  let start = Infinity;
  let end = -Infinity;
  const ids: string[] = [];
  for (const group of groups) {
    for (const row of group.rows) {
      const createdAt = table.createdAt[row];
      if (createdAt < start) start = createdAt;
      if (createdAt > end) end = createdAt;
      ids.push(table.id[row]);
    }
  }
  const split: SplitManifest | undefined =
    config.split && side !== 'all'
      ? {
          side,
          eval_fraction: config.split.evalFraction,
          by: groupByLabel(config.split.by),
          seed: config.split.seed,
          complement_path: complementPath ?? '',
        }
      : undefined;
  return {
    context_uri: state.store.uri,
    version: state.store.version,
    task: config.task,
    group_by: groupByLabel(config.groupBy),
    schema_version: EXPORT_SCHEMA_VERSION,
    preference_form: config.task === 'preference' ? config.form : undefined,
    filters: config.filterValue,
    dedup_threshold: config.dedupThreshold,
    decontaminate_threshold: config.decontaminateThreshold,
    min_reward: config.minReward,
    split,
    created_at_start: ids.length > 0 ? formatMicros(start) : undefined,
    created_at_end: ids.length > 0 ? formatMicros(end) : undefined,
    source_record_ids: ids,
    counts,
    order: config.order === 'created_at' ? 'created_at' : undefined,
    wal: manifestWal(wal),
    format: config.format === 'native' ? undefined : config.format,
    ranked_pairs: config.format !== 'native' && config.task === 'preference' && config.form === 'ranked' ? config.rankedPairs : undefined,
    margin: config.margin || undefined,
    tools: config.tools,
    tokenizer: config.tokenizer,
    chat_template: config.chatTemplate,
    max_tokens: config.maxTokens,
    labels: curation.labels && manifestLabels(curation.labels),
  };
}

/** WAL rows are not versioned, so a pinned read of a MemWAL store leaves them out. */
export const WAL_NOT_INCLUDED = 'write-ahead-log rows are not versioned and were not included (a pinned version reads the base table)';

/** Present only when the log held records: included ones are counted, left-out ones explained. */
function manifestWal(wal: WalStatus): ManifestWal | undefined {
  if (!wal.memWal || wal.walRecords === 0) return undefined;
  return wal.included ? { included: true, records: wal.walRecords } : { included: false, note: WAL_NOT_INCLUDED };
}

function warningsOf(curation: Curation, config: ResolvedExportOptions, wal: WalStatus): string[] {
  const warnings: string[] = [];
  const store = curation.state.store;
  if (!wal.included && wal.walRecords > 0) {
    warnings.push(`${store.uri} at version ${store.version}: ${WAL_NOT_INCLUDED}; the latest read has ${wal.walRecords} record(s) there`);
  }
  if (config.order === 'scan' && curation.table.walRows > 0) {
    warnings.push(
      `scan order on ${store.uri}: ${curation.table.walRows} rows come from write-ahead-log generations, whose scan order ` +
        'is not stable between reads; dedup and the outputs may differ from run to run (list in created_at order instead)',
    );
  }
  const unreadable = curation.listing.hidden.filter((exclusion) => exclusion.rule === 'invalid_metadata');
  if (unreadable.length === 0) return warnings;
  return [
    ...warnings,
    `skipped ${unreadable.length} record${unreadable.length > 1 ? 's' : ''} whose metadata is not valid JSON ` +
      `(first: record ${unreadable[0].id} in ${curation.state.store.uri}: ${unreadable[0].reason}); strict mode fails instead`,
  ];
}

/** Every excluded record of a run, by stage, in pipeline order. */
export function exclusionsOf(curation: Curation): ExclusionsByStage {
  const results: Partial<Record<ExclusionStage, { excluded: Exclusion[] }>> = { listing: { excluded: curation.listing.hidden }, ...curation.stages };
  const byStage: Partial<Record<ExclusionStage, Exclusion[]>> = {};
  for (const stage of EXCLUSION_STAGES) {
    const result = results[stage];
    if (result) byStage[stage] = result.excluded;
  }
  return byStage as ExclusionsByStage;
}

/** Excluded records by stage; the optional stages' keys are present only when they ran. */
export type ExclusionsByStage = Record<Exclude<ExclusionStage, OptionalExclusionStage>, Exclusion[]> & Partial<Record<OptionalExclusionStage, Exclusion[]>>;
