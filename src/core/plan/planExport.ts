import { rewardHistogramOf } from '../export/histograms';
import { DegenerateReason, degenerateReason, ExampleNotes } from '../export/exampleNotes';
import { describeWalStatus, WalStatus } from '../store/walStatus';
import { Exclusion } from '../curate/exclusion';
import { ChartData } from '../export/histograms';
import { RecordSummary, summarizeRecord } from './groupDetail';
import { exampleObject } from '../export/exampleObjects';
import { picksOf } from '../export/examplePlan';
import { ExportCounts, ExportManifest, manifestToJson } from '../export/manifest';
import { ExportStats, statsToJson } from '../export/stats';
import { toRustJson } from '../json/rustJson';
import { CurationSession } from './curationSession';
import { PipelineStage, RunHooks } from './curate';
import { exclusionsOf, ExclusionsByStage, GroupSummary, OutputSide, decideExport } from './exportRun';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { OutputFormat } from '../options/optionSpecs';
import { ExcludedExample, FormatStage } from '../formats/formatStage';
import { ExampleForm } from '../formats/formatExample';

import { SplitLeakage } from './splitLeakage';
import { conversationsChanged, TextStageName } from './conversationsChanged';
import { CandidateTurn, candidateTurnSpan, ExampleFlag } from '../export/turnExamples';

/** The field only when there is something to say, so plans without it keep their shape. */
const optionalChanged = (changed: Partial<Record<TextStageName, number>> | undefined) => (changed ? { conversationsChanged: changed } : {});

/** One example line and the group it came from. */
export interface PlannedExample {
  group: string;
  /** The JSONL line exactly as the export writes it (the trainer line for trl/openai). */
  line: string;
  /** The native line of the same example (trl/openai only), for comparing. */
  native?: string;
  /** Its provenance sidecar line (trl/openai only). */
  provenance?: string;
  /** Its tokens, when a tokenizer is set. */
  tokens?: number;
  /** Trainer lines: what the trainer computes the loss on. */
  loss?: string;
  /** With a chat template: the training text the line renders to (its first sequence). */
  rendered?: string;
  /** Where the loss applies in `rendered`: [start, end) character spans. */
  lossSpans?: [number, number][];
  /** The records shown as completions (chosen then rejected, ranked order, responses; all for SFT). */
  records: RecordSummary[];
  /** Set when the example is degenerate (written, but of little use to a trainer). */
  degenerate?: DegenerateReason;
  /** Marks on an example written unchanged: `candidates_span_turns` when its candidates answer different turns. */
  flags?: ExampleFlag[];
  /** With `candidates_span_turns`: the turns its candidates answer. */
  turns?: CandidateTurn[];
}

/** What one output would receive. */
export interface OutputPreview {
  side: OutputSide;
  counts: ExportCounts;
  /** Exactly the `.stats.json` content, as JSON text. */
  statsJson: string;
  stats: ExportStats;
  /** Exactly the `.manifest.json` content (without paths for a split's complement). */
  manifestJson: string;
  manifest: ExportManifest;
  groups: GroupSummary[];
  examples: PlannedExample[];
  /** Examples the planner decided before the format stage. */
  plannedExamples: number;
  /** Examples (or ranked pairs) the format stage dropped, with group, records and reason. */
  excludedExamples: ExcludedExample[];
  /** Histograms for the preview's charts (only with `charts: true`). */
  charts?: ChartData;
  /** Degenerate examples and groups that gave none, by reason. */
  notes: ExampleNotes;
}

/** Everything an export would produce, computed without writing anything. */
export interface ExportPlan {
  /** The store and what was read: base version plus write-ahead-log records (`read`, for the preview header). */
  store: { uri: string; name: string; version: number; wal: WalStatus; read: string };
  /** The line format of the examples. */
  format: OutputFormat;
  /** The first output: the whole export, or the train side of a split. */
  output: OutputPreview;
  /** The eval side, when splitting. */
  eval?: OutputPreview;
  /** Excluded records by stage, with reasons. */
  excluded: ExclusionsByStage;
  warnings: string[];
  /** Train/eval near-duplicate pairs (`--leakage`), when checked. */
  leakage?: SplitLeakage;
  /** Per text stage, the conversations it removed some turns from (record unit inside conversations only). */
  conversationsChanged?: Partial<Record<TextStageName, number>>;
  /** Milliseconds per pipeline stage in this run (cached stages take ~0). */
  timings: Partial<Record<PipelineStage, number>>;
}

export interface PlanOptions extends RunHooks {
  /** Examples to include per output (default 20). */
  limit?: number;
  /** Compute histograms of group sizes, rewards and token lengths. */
  charts?: boolean;
}

/**
 * Runs the whole curation and example building without writing: the preview's
 * counts, groups, first examples, stats and exclusions.
 *
 * @example
 * const session = await CurationSession.open('ctx.lance', { cachePayloads: true });
 * const plan = await planExport(session, { task: 'preference', form: 'paired', minReward: 0.5 });
 * console.log(plan.output.counts);
 */
export async function planExport(session: CurationSession, options: ExportOptions, planOptions: PlanOptions = {}): Promise<ExportPlan> {
  const config = resolveExportOptions(options);
  const limit = planOptions.limit ?? 20;
  type Collected = Omit<PlannedExample, 'records'> & { picks: number[]; form?: ExampleForm };
  const collected = new Map<OutputSide, Collected[]>();
  const run = await decideExport(
    session,
    config,
    undefined,
    {
      begin(output, view) {
        const examples: Collected[] = [];
        collected.set(output.side, examples);
        return {
          example(group, spec, formatted) {
            const native = toRustJson(exampleObject(view, group, spec));
            const picks = picksOf(spec, group);
            const degenerate = degenerateReason(view, group, spec);
            const turns = config.task === 'preference' ? candidateTurnSpan(view, group, spec) : undefined;
            const marks = turns ? { flags: ['candidates_span_turns' as const], turns } : {};
            if (formatted?.text === undefined) examples.push({ group: group.key, line: native, picks, tokens: formatted?.tokens, degenerate, ...marks });
            else examples.push({ group: group.key, line: formatted.text, native, provenance: formatted.provenance, tokens: formatted.tokens, picks, form: formatted.form, degenerate, ...marks });
          },
          full: () => examples.length >= limit,
        };
      },
      wantCharts: planOptions.charts,
    },
    planOptions,
  );
  const examplesOf = (side: OutputSide): PlannedExample[] =>
    (collected.get(side) ?? []).map(({ picks, form, ...example }) => ({
      ...example,
      ...trainingOf(run.format, form, example.native === undefined ? undefined : example.line),
      records: picks.map((row) => summarizeRecord(run.view, row)),
    }));
  const previews = run.outputs.map<OutputPreview>((output) => ({
    side: output.side,
    counts: output.manifest.counts,
    stats: output.stats,
    statsJson: toRustJson(statsToJson(output.stats), true),
    manifest: output.manifest,
    manifestJson: toRustJson(manifestToJson(output.manifest), true),
    groups: output.summaries,
    examples: examplesOf(output.side),
    charts: output.charts,
    notes: output.notes,
    plannedExamples: output.plannedExamples,
    excludedExamples: output.excludedExamples,
  }));
  if (planOptions.charts && previews[0]?.charts) {
    // The threshold chart covers what the reward filter sees: every record after lifecycle.
    previews[0].charts = { ...previews[0].charts, listedReward: rewardHistogramOf(run.curation.signals.reward, run.curation.stages.lifecycle.kept) };
  }
  const store = run.curation.state.store;
  const wal = run.wal;
  return {
    store: { uri: store.uri, name: store.location.name, version: store.version, wal, read: describeWalStatus(wal) },
    format: config.format,
    output: previews[0],
    eval: previews[1],
    excluded: exclusionsOf(run.curation),
    ...optionalChanged(conversationsChanged(run.curation, config)),
    warnings: run.warnings,
    leakage: run.leakage,
    timings: run.curation.timings,
  };
}

/** The loss scope and rendered training text of a shown trainer line (only a few per preview). */
function trainingOf(stage: FormatStage | undefined, form: ExampleForm | undefined, line: string | undefined): Pick<PlannedExample, 'loss' | 'rendered' | 'lossSpans'> {
  if (!stage || !form || line === undefined) return {};
  const { loss, rendered, lossSpans } = stage.trainingView(form, JSON.parse(line));
  return { ...(loss ? { loss: loss.description } : {}), ...(rendered !== undefined ? { rendered } : {}), ...(lossSpans ? { lossSpans } : {}) };
}
