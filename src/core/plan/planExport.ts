import { DegenerateReason, degenerateReason, ExampleNotes } from '../export/exampleNotes';
import { ChartData } from '../export/histograms';
import { RecordSummary, summarizeRecord } from './groupDetail';
import { exampleObject } from '../export/exampleObjects';
import { picksOf } from '../export/examplePlan';
import { ExportCounts, ExportManifest, manifestToJson } from '../export/manifest';
import { ExportStats, statsToJson } from '../export/stats';
import { toRustJson } from '../json/rustJson';
import { CurationSession } from './curationSession';
import { PipelineStage, RunHooks } from './curate';
import { exclusionsOf, ExclusionsByStage, GroupSummary, OutputSide, runExport } from './exportRun';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { SplitLeakage } from './splitLeakage';

/** One example line and the group it came from. */
export interface PlannedExample {
  group: string;
  /** The JSONL line exactly as the export writes it. */
  line: string;
  /** The records shown as completions (chosen then rejected, ranked order, responses; all for SFT). */
  records: RecordSummary[];
  /** Set when the example is degenerate (written, but of little use to a trainer). */
  degenerate?: DegenerateReason;
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
  /** Histograms for the preview's charts (only with `charts: true`). */
  charts?: ChartData;
  /** Degenerate examples and groups that gave none, by reason. */
  notes: ExampleNotes;
}

/** Everything an export would produce, computed without writing anything. */
export interface ExportPlan {
  store: { uri: string; name: string; version: number };
  /** The first output: the whole export, or the train side of a split. */
  output: OutputPreview;
  /** The eval side, when splitting. */
  eval?: OutputPreview;
  /** Excluded records by stage, with reasons. */
  excluded: ExclusionsByStage;
  warnings: string[];
  /** Train/eval near-duplicate pairs (`--leakage`), when checked. */
  leakage?: SplitLeakage;
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
  const collected = new Map<OutputSide, { group: string; line: string; picks: number[]; degenerate?: DegenerateReason }[]>();
  const run = await runExport(
    session,
    config,
    undefined,
    {
      begin(output, view) {
        const examples: { group: string; line: string; picks: number[]; degenerate?: DegenerateReason }[] = [];
        collected.set(output.side, examples);
        return {
          example(group, spec) {
            examples.push({ group: group.key, line: toRustJson(exampleObject(view, group, spec)), picks: picksOf(spec, group), degenerate: degenerateReason(view, group, spec) });
          },
          full: () => examples.length >= limit,
        };
      },
      wantCharts: planOptions.charts,
    },
    planOptions,
  );
  const examplesOf = (side: OutputSide): PlannedExample[] =>
    (collected.get(side) ?? []).map(({ group, line, picks, degenerate }) => ({ group, line, records: picks.map((row) => summarizeRecord(run.view, row)), degenerate }));
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
  }));
  const store = run.curation.state.store;
  return {
    store: { uri: store.uri, name: store.location.name, version: store.version },
    output: previews[0],
    eval: previews[1],
    excluded: exclusionsOf(run.curation),
    warnings: run.warnings,
    leakage: run.leakage,
    timings: run.curation.timings,
  };
}
