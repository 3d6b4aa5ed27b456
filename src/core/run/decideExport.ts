import { throwIfAborted } from '../errors';
import { decideExamples, ExampleSettings, ExampleSpec, SkipReason, splitPromptCandidates } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { ChartData, chartDataOf, histogramOf } from '../export/histograms';
import { Group, GroupList } from '../export/groupList';
import { groupsOfRun } from './runGroups';
import { DegenerateReason, degenerateReason, emptyNotes, ExampleNotes } from '../export/exampleNotes';
import { candidateTurnSpan } from '../export/turnExamples';
import { ExportCounts, ExportManifest } from '../export/manifest';
import { computeStats, ExportStats } from '../export/stats';
import { splitPaths } from '../split/splitHash';
import type { OutputSide } from '../split/outputSide';
import { WalStatus } from '../store/walStatus';
import { CurationSession } from './curationSession';
import { Curation, curate, RunHooks } from './curate';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { countingThreads } from '../formats/textCounting';
import { CountedBatches } from './countedBatches';
import { createFormatStage, ExcludedExample, FormatStage, FormattedExample, FormattedLine, formatTokenStats } from '../formats/formatStage';
import { AppliedLabels, editPairSpecs, originalTextsOf, tieReason } from '../labels/applyLabels';
import { checkSplitLeakage, SplitLeakage } from './splitLeakage';
import { buildManifest } from './buildManifest';
import { partition, splitSideOf } from './partition';
import { runWarnings } from './runWarnings';

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
export interface DecidedOutput {
  side: OutputSide;
  /** Where the JSONL goes (set when an output path was given). */
  path?: string;
  groups: GroupList;
  /** Every group's summary, when the sink asked for them (`wantSummaries`), else empty. */
  summaries: GroupSummary[];
  manifest: ExportManifest;
  stats: ExportStats;
  /** Distributions for charts, when the sink asked for them. */
  charts?: ChartData;
  /** Degenerate examples and groups that gave none, by reason (for the funnel; not in the manifest). */
  notes: ExampleNotes;
  /** Examples decided (`decideExamples`), before the format stage (ranked lists count once). */
  decidedExamples: number;
  /** Examples (or ranked pairs) the format stage dropped, with reasons; empty without a format stage. */
  excludedExamples: ExcludedExample[];
}

/** Receives the examples of each output as they are decided, in output order. */
export interface ExampleSink {
  /** Called before the examples of `output`; returns who consumes them, or undefined to only count them. */
  begin(output: Pick<DecidedOutput, 'side' | 'path' | 'groups'>, source: RecordSource, format?: FormatStage): ExampleConsumer | undefined;
  /** Also compute chart data (histograms) for each output. */
  wantCharts?: boolean;
  /** Also keep a summary of every group (the preview's group list; an export has no use for a few dozen bytes a group). */
  wantSummaries?: boolean;
  /**
   * The consumer keeps examples without serializing them (a preview plan):
   * texts are read on demand (`RecordSource.readTexts`) when nothing else in
   * the run reads every text (a trainer format, labels, per-turn pairs).
   */
  textsOnDemand?: boolean;
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
  /** The records the examples are built from (for previews that show record details). */
  source: RecordSource;
  outputs: DecidedOutput[];
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
  const onDemand = !!sink.textsOnDemand && !readsEveryText(config, format);
  const curation = await curate(session, config, {
    ...hooks,
    // An export without record filters writes nearly every text: they are read beside the scan, not after it.
    textsBesideScan: outPath !== undefined && config.filters === undefined,
    // A preview reading texts on demand counts words in a pass beside the scan (text stages load every text anyway).
    countWords: onDemand && config.textDedup === undefined && config.benchmark === undefined,
  });
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
  const textOptions = { signal: hooks.signal, onProgress: (p: { done: number; total?: number }) => hooks.onProgress?.({ stage: 'write', done: p.done, total: p.total }) };
  // On demand, the examples are decided while the words are counted; the stats wait for the counts.
  const { texts, readTexts, counted } = onDemand
    ? await state.textsOnDemand(curation.curated, curation.listing.rows, textOptions)
    : { texts: await state.textsFor(curation.curated, curation.listing.rows, textOptions), readTexts: undefined, counted: undefined };
  const source: RecordSource = {
    table,
    signals,
    texts,
    ...(readTexts ? { readTexts } : {}),
    ...(labels ? { originalTexts: originalTextsOf(texts) } : {}),
    contextUri: state.store.uri,
    version: state.store.version,
  };

  const settings = { task: config.task, form: config.form, minReward: config.minReward, pairScope: config.pairScope };
  const writeStarted = performance.now();
  const outputs: DecidedOutput[] = [];
  let groupsDone = 0;
  const totalGroups = grouped.reduce((sum, side) => sum + side.groups.length, 0);
  // Token counts on worker threads while this thread prepares the next groups; in place for small runs,
  // and where the budget has no room for the workers' memory.
  const counting = format && totalGroups >= countingThreads.minGroups && state.budget.allowsWorkBeside(table.length) ? format.counting() : undefined;
  const batches = counting && new CountedBatches(counting);
  const groupRun: GroupRun = { source, settings, config, format, labels, editPairs, wantSummaries: !!sink.wantSummaries, batches };
  for (const side of grouped) {
    const sidePath = side.side === 'all' ? outPath : paths?.[side.side];
    const consumer = sink.begin({ side: side.side, path: sidePath, groups: side.groups }, source, format);
    const tally: SideTally = { summaries: [], notes: emptyNotes(), excludedExamples: [], tokenCounts: [], decided: 0, examples: 0 };
    for (let g = 0; g < side.groups.length; g++) {
      if ((groupsDone++ & 0x3ff) === 0) {
        throwIfAborted(hooks.signal);
        hooks.onProgress?.({ stage: 'write', done: groupsDone, total: totalGroups });
        await consumer?.drain?.();
        await batches?.rotate();
      }
      // Made for this group only: the list holds no object per group.
      decideGroup(groupRun, tally, side.groups.at(g), consumer);
    }
    await batches?.flush();
    const { summaries, notes, excludedExamples, tokenCounts, decided, examples } = tally;
    const counts: ExportCounts = { ...curation.counts, examples };
    const complement = side.side === 'train' ? paths?.eval : side.side === 'eval' ? paths?.train : undefined;
    const manifest = buildManifest(curation, config, side.groups, counts, side.side, complement, wal);
    await counted;
    const stats = computeStats(source, side.groups, counts, examples, config.task, config.form);
    if (format || labels) {
      if (format && format.format !== 'native') stats.format = format.format;
      stats.excluded_examples = excludedExamples.length;
      if (format) stats.example_tokens = formatTokenStats(format, tokenCounts);
    }
    const ngram = curation.stages.ngram_decontaminate?.report;
    if (ngram) stats.ngram = { n: ngram.n, items: ngram.items, indexed_items: ngram.indexedItems, ignored_items: ngram.ignoredItems, ngrams: ngram.ngrams };
    const charts = sink.wantCharts ? chartDataOf(source, side.groups) : undefined;
    if (charts && tokenCounts.length > 0) charts.exampleTokens = { ...histogramOf(tokenCounts), tokenizer: format!.tokenizer!, maxTokens: config.maxTokens };
    outputs.push({ side: side.side, path: sidePath, groups: side.groups, summaries, manifest, stats, charts, notes, decidedExamples: decided, excludedExamples });
  }
  curation.timings.write = performance.now() - writeStarted;
  return { curation, source, outputs, warnings: runWarnings(curation, config, wal, leakage), wal, format, leakage };
}

/**
 * Whether the run reads every curated text: a format stage renders each
 * line, labels keep edited texts beside the store's, per-turn pairs look for
 * tool calls in JSON payloads, and the leakage lines show the texts of pairs.
 */
function readsEveryText(config: ResolvedExportOptions, format: FormatStage | undefined): boolean {
  return format !== undefined || config.labels !== undefined || (config.task === 'preference' && config.pairScope === 'turn') || (config.split !== undefined && config.leakage !== undefined);
}

/** What every group of a run is decided with. */
interface GroupRun {
  source: RecordSource;
  settings: ExampleSettings;
  config: ResolvedExportOptions;
  format: FormatStage | undefined;
  labels: AppliedLabels | undefined;
  editPairs: AppliedLabels | undefined;
  wantSummaries: boolean;
  /** Groups waiting for token counts from worker threads, when counting there. */
  batches: CountedBatches | undefined;
}

/** What one output's groups added up to so far. */
interface SideTally {
  summaries: GroupSummary[];
  notes: ExampleNotes;
  excludedExamples: ExcludedExample[];
  tokenCounts: number[];
  decided: number;
  examples: number;
}

/**
 * Decides one group's examples, hands them to the consumer and adds them to
 * the tally. A function of its own (not the body of the async loop above), so
 * it is compiled hot by the first run of a session and a recount's first pass
 * over every group does not run it unoptimized.
 */
function decideGroup(run: GroupRun, tally: SideTally, group: Group, consumer: ExampleConsumer | undefined): void {
  const { source, settings, config, format, labels, editPairs } = run;
  const notes = tally.notes;
  let { specs, skipped } = decideExamples(source, group, settings);
  if (editPairs) {
    const { prompt, candidates } = splitPromptCandidates(source, group.rows);
    specs = [...specs, ...editPairSpecs(source.table, editPairs, prompt, candidates)];
    if (specs.length > 0) skipped = undefined;
  }
  tally.decided += specs.length;
  let degenerate: DegenerateReason | undefined;
  for (const spec of specs) {
    const reason = degenerateReason(source, group, spec);
    if (reason) notes.degenerate[(degenerate = reason)] = (notes.degenerate[reason] ?? 0) + 1;
    if (config.task === 'preference' && candidateTurnSpan(source, group, spec)) notes.flagged.candidates_span_turns = (notes.flagged.candidates_span_turns ?? 0) + 1;
  }
  if (skipped) notes.skippedGroups[skipped] = (notes.skippedGroups[skipped] ?? 0) + 1;
  if (!format) {
    const kept = labels ? specs.filter((spec) => !droppedByTie(source, group, spec, labels, tally.excludedExamples)) : specs;
    if (run.wantSummaries) tally.summaries.push({ key: group.key, records: group.rows.length, examples: kept.length, skipped, degenerate });
    tally.examples += kept.length;
    if (consumer && !consumer.full?.()) for (const spec of kept) consumer.example(group, spec);
    return;
  }
  const prepared = specs.map((spec) => format.prepare(source, group, spec));
  const finish = (count?: (text: string) => number) => {
    let written = 0;
    for (let i = 0; i < prepared.length; i++) {
      const formatted = format.finish(prepared[i], count);
      const { lines, excluded } = labels ? withoutTiedPairs(formatted, format.format, group.key, labels) : formatted;
      for (const drop of excluded) tally.excludedExamples.push(drop);
      for (const line of lines) {
        if (line.tokens !== undefined) tally.tokenCounts.push(line.tokens);
        if (consumer && !consumer.full?.()) consumer.example(group, specs[i], line);
      }
      written += lines.length;
    }
    if (run.wantSummaries) tally.summaries.push({ key: group.key, records: group.rows.length, examples: written, skipped, degenerate });
    tally.examples += written;
  };
  if (run.batches) run.batches.add((into) => prepared.forEach((example) => format.textsToCount(example, into)), finish);
  else finish();
}

/** A native paired example whose chosen and rejected a person tied: dropped, with the reason. */
function droppedByTie(source: RecordSource, group: Group, spec: ExampleSpec, labels: AppliedLabels, excluded: ExcludedExample[]): boolean {
  if (spec.form !== 'paired') return false;
  const chosen = source.table.id.at(spec.chosen);
  const rejected = source.table.id.at(spec.rejected);
  const reason = tieReason(labels, chosen, rejected);
  if (reason === undefined) return false;
  excluded.push({ group: group.key, record_ids: [...spec.prompt.map((row) => source.table.id.at(row)), chosen, rejected], reason });
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
