import { rewardHistogramOf } from '../export/histograms';
import { ExampleNotes } from '../export/exampleNotes';
import { describeWalStatus, WalStatus } from '../store/walStatus';
import { ChartData } from '../export/histograms';
import { ExportCounts, ExportManifest, manifestToJson } from '../export/manifest';
import { ExportStats, statsToJson } from '../export/stats';
import type { GroupList } from '../export/groupList';
import { toRustJson } from '../json/rustJson';
import { CurationSession } from './curationSession';
import { PipelineStage, RunHooks } from './curate';
import type { OutputSide } from '../split/outputSide';
import { decideExport, GroupSummary } from './decideExport';
import { exclusionsOf, ExclusionsByStage } from './exclusionsOf';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { OutputFormat } from '../options/optionSpecs';
import { ExcludedExample } from '../formats/formatStage';
import { ExampleIndex } from './exampleIndex';
import { DecidedExample, PlannedExample, plannedExampleOf } from './plannedExample';
import { SplitLeakage } from './splitLeakage';
import { digestLeakage, LeakageLine } from './leakageDigest';

export type { PlannedExample } from './plannedExample';
import { conversationsChanged, TextStageName } from './conversationsChanged';

/** The field only when there is something to say, so plans without it keep their shape. */
const optionalChanged = (changed: Partial<Record<TextStageName, number>> | undefined) => (changed ? { conversationsChanged: changed } : {});

/** What one output would receive. */
export interface OutputPreview {
  side: OutputSide;
  counts: ExportCounts;
  /** Exactly the `.stats.json` content, as JSON text. */
  statsJson: string;
  stats: ExportStats;
  /** Exactly the `.manifest.json` content (without paths for a split's complement); built when read, as it lists every record. */
  readonly manifestJson: string;
  manifest: ExportManifest;
  groups: GroupSummary[];
  examples: PlannedExample[];
  /** Examples decided (`decideExamples`) before the format stage. */
  decidedExamples: number;
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
  /** The same pairs as a person reads them: most severe first, texts side by side, recurring texts folded. */
  leakageLines?: { pairs: LeakageLine[]; remaining: LeakageLine[] };
  /** Milliseconds per pipeline stage in this run (cached stages take ~0). */
  timings: Partial<Record<PipelineStage, number>>;
  /** Every example, with `index: true`. */
  index?: ExampleIndex;
}

export interface PlanOptions extends RunHooks {
  /** Examples to include per output (default 20). */
  limit?: number;
  /** Compute histograms of group sizes, rewards and token lengths. */
  charts?: boolean;
  /** Also index every example (for listing, searching and sorting all of them): the plan's `index`. */
  index?: boolean;
  /**
   * Read only the texts of the examples shown (and word counts for every
   * record) instead of every text, where the options allow it: the panel's
   * plans. The index then reads a window's texts first (`readTexts`), and the
   * session must stay open while it is used.
   */
  textsOnDemand?: boolean;
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
  const collected = new Map<OutputSide, { groups: GroupList; examples: DecidedExample[] }>();
  let index: ExampleIndex | undefined;
  const run = await decideExport(
    session,
    config,
    undefined,
    {
      begin(output, source, format) {
        const examples: DecidedExample[] = [];
        collected.set(output.side, { groups: output.groups, examples });
        if (planOptions.index) (index ??= new ExampleIndex(source, format)).begin(output.side, output.groups);
        return {
          example({ index: group }, spec, formatted) {
            if (examples.length < limit) examples.push({ group, spec, formatted });
            index?.add(output.side, { group, spec, formatted });
          },
          full: () => !index && examples.length >= limit,
        };
      },
      wantCharts: planOptions.charts,
      wantSummaries: true,
      textsOnDemand: planOptions.textsOnDemand,
    },
    planOptions,
  );
  // The shown examples' texts: every record of their groups (an SFT line holds the whole conversation).
  if (run.source.readTexts) {
    const shown = [...collected.values()].flatMap(({ groups, examples }) => examples.flatMap((example) => Array.from(groups.rowsOf(example.group))));
    await run.source.readTexts(shown, planOptions.signal);
  }
  const examplesOf = (side: OutputSide): PlannedExample[] => {
    const decided = collected.get(side);
    return decided ? decided.examples.map((example) => plannedExampleOf(run.source, run.format, decided.groups, example)) : [];
  };
  const previews = run.outputs.map<OutputPreview>((output) => ({
    side: output.side,
    counts: output.manifest.counts,
    stats: output.stats,
    statsJson: toRustJson(statsToJson(output.stats), true),
    manifest: output.manifest,
    get manifestJson() {
      return toRustJson(manifestToJson(output.manifest), true);
    },
    groups: output.summaries,
    examples: examplesOf(output.side),
    charts: output.charts,
    notes: output.notes,
    decidedExamples: output.decidedExamples,
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
    ...(run.leakage ? { leakageLines: leakageLinesOf(run.leakage, (index) => run.source.texts.text(run.curation.curated[index]) ?? '', config.dedupUnit === 'group') } : {}),
    timings: run.curation.timings,
    ...(index ? { index } : {}),
  };
}

function leakageLinesOf(leakage: SplitLeakage, textOf: (index: number) => string, byGroup: boolean): { pairs: LeakageLine[]; remaining: LeakageLine[] } {
  return { pairs: digestLeakage(leakage.pairs, textOf, { byGroup }), remaining: digestLeakage(leakage.remaining, textOf, { byGroup }) };
}
