/**
 * The pipeline's stages: the one table every list of stages derives from (the
 * CLI's progress lines and plan, the export notification, the panel's funnel,
 * status line and excluded records, the stats report's `excluded` block and
 * the stats editor's funnel). A new stage is one entry here plus its
 * implementation in `run/curate.ts`; a stage missing from the table fails to
 * compile.
 */
import { formatCount } from '../strings/formatCount';

/** The pipeline's steps, as progress, timings and exclusions name them. */
export type PipelineStage =
  | 'scan'
  | 'listing'
  | 'lifecycle'
  | 'review'
  | 'reward_threshold'
  | 'text_exact'
  | 'text_minhash'
  | 'dedup'
  | 'decontaminate'
  | 'ngram_decontaminate'
  | 'group'
  | 'leakage'
  | 'write';

export interface StageSpec {
  /** Position in the pipeline, from 0. */
  readonly order: number;
  /** Its short name, lower case: "dedup", "MinHash text dedup" (status lines, funnels, plans). */
  readonly label: string;
  /** What it is doing, for a progress notification: "Removing near-duplicates". */
  readonly doing: string;
  /** Runs only when an option asks for it: absent from counts, exclusions and the stats report when it did not run. */
  readonly optional: boolean;
  /** Whether it works on records (reading, listing, curating them) or on what is built from them (groups, the split, examples). */
  readonly level: 'record' | 'example';
  /** The `ExportCounts` key of the records left after it; only stages that remove records (and listing: the records listed). */
  readonly count?: string;
  /** Why the records it removes went, said of them: "contradicted", "near-duplicate text". Only stages that remove records. */
  readonly removes?: string;
  /** Its removals each name the kept record they duplicate (shown as clusters under it). */
  readonly duplicates?: boolean;
}

/** Every stage, keyed by id: a stage missing here, or an id not a {@link PipelineStage}, fails to compile. */
export const PIPELINE_STAGES = {
  scan: { order: 0, label: 'reading records', doing: 'Reading records', optional: false, level: 'record' },
  listing: {
    order: 1,
    label: 'listing',
    doing: 'Applying lifecycle and filters',
    optional: false,
    level: 'record',
    count: 'input_records',
    removes: 'tombstones, expiry, retirement, supersession, your filter',
  },
  lifecycle: { order: 2, label: 'lifecycle', doing: 'Dropping contradicted records', optional: false, level: 'record', count: 'after_lifecycle', removes: 'contradicted' },
  review: {
    order: 3,
    label: 'review',
    doing: 'Applying review decisions',
    optional: true,
    level: 'record',
    count: 'after_review',
    removes: 'discarded by a reviewer',
  },
  reward_threshold: {
    order: 4,
    label: 'reward filter',
    doing: 'Filtering by reward',
    optional: false,
    level: 'record',
    count: 'after_reward_filter',
    removes: 'below the min reward',
  },
  text_exact: {
    order: 5,
    label: 'exact text dedup',
    doing: 'Removing duplicate texts',
    optional: true,
    level: 'record',
    count: 'after_text_exact',
    removes: 'same text',
    duplicates: true,
  },
  text_minhash: {
    order: 6,
    label: 'MinHash text dedup',
    doing: 'Removing near-duplicate texts',
    optional: true,
    level: 'record',
    count: 'after_text_minhash',
    removes: 'near-duplicate text',
    duplicates: true,
  },
  dedup: {
    order: 7,
    label: 'dedup',
    doing: 'Removing near-duplicates',
    optional: false,
    level: 'record',
    count: 'after_dedup',
    removes: 'near-duplicates',
    duplicates: true,
  },
  decontaminate: {
    order: 8,
    label: 'decontamination',
    doing: 'Decontaminating',
    optional: false,
    level: 'record',
    count: 'after_decontaminate',
    removes: 'holdout matches',
  },
  ngram_decontaminate: {
    order: 9,
    label: 'n-gram decontamination',
    doing: 'Decontaminating against benchmark n-grams',
    optional: true,
    level: 'record',
    count: 'after_ngram_decontaminate',
    removes: 'benchmark overlap',
  },
  group: { order: 10, label: 'grouping', doing: 'Grouping', optional: false, level: 'example' },
  leakage: { order: 11, label: 'train/eval leakage', doing: 'Checking train/eval leakage', optional: true, level: 'example' },
  write: { order: 12, label: 'building examples', doing: 'Writing examples', optional: false, level: 'example' },
} as const satisfies Record<PipelineStage, StageSpec>;

type Table = typeof PIPELINE_STAGES;

/** The stages that report the records they exclude (they have a count), in pipeline order. */
export type ExclusionStage = { [K in PipelineStage]: Table[K] extends { count: string } ? K : never }[PipelineStage];
/** Exclusion stages that run only when asked: present in a plan only when they ran. */
export type OptionalExclusionStage = { [K in ExclusionStage]: Table[K]['optional'] extends true ? K : never }[ExclusionStage];
/** The stages that remove records from the listing (every exclusion stage but listing itself). */
export type CurationStage = Exclude<ExclusionStage, 'listing'>;
/** The count keys of the exclusion stages (`input_records`, `after_lifecycle`, …). */
export type StageCountKey = Table[ExclusionStage]['count'];
/** Records left after each stage, as `ExportCounts` holds them; the optional stages' keys only when they ran. */
export type StageCounts = { [K in StageCountKey]?: number };

const byOrder = (a: PipelineStage, b: PipelineStage) => PIPELINE_STAGES[a].order - PIPELINE_STAGES[b].order;

/** Every stage id, in pipeline order. */
export const STAGE_ORDER: readonly PipelineStage[] = (Object.keys(PIPELINE_STAGES) as PipelineStage[]).sort(byOrder);

/** The stages that report excluded records, in pipeline order. */
export const EXCLUSION_STAGES: readonly ExclusionStage[] = STAGE_ORDER.filter((stage): stage is ExclusionStage => 'count' in PIPELINE_STAGES[stage]);

export const isExclusionStage = (stage: string): stage is ExclusionStage => (EXCLUSION_STAGES as readonly string[]).includes(stage);

/** The stage's spec, widened (for reading optional fields). */
export function stageSpec(stage: PipelineStage): StageSpec {
  return PIPELINE_STAGES[stage];
}

/** One exclusion stage that ran: the records left after it and how many it removed. */
export interface StageCount {
  stage: ExclusionStage;
  /** Records left after it (for listing: the records listed). */
  count: number;
  /** Records it removed, against the stage before it that ran (undefined for listing, whose input is not counted). */
  removed?: number;
}

/**
 * The exclusion stages that ran, in pipeline order, with their counts; an
 * optional stage is left out when its count is absent. Each removal is
 * counted against the last stage before it that ran.
 */
export function stageCountsOf(counts: StageCounts): StageCount[] {
  const rows: StageCount[] = [];
  let previous: number | undefined;
  for (const stage of EXCLUSION_STAGES) {
    const count = counts[PIPELINE_STAGES[stage].count];
    if (count === undefined) continue;
    rows.push({ stage, count, removed: previous === undefined ? undefined : Math.max(0, previous - count) });
    previous = count;
  }
  return rows;
}

/** "Removing near-duplicates (12,000 / 40,000)": a progress report in words, for notifications and status lines. */
export function describeProgress(progress: { stage: PipelineStage; done?: number; total?: number }, name = PIPELINE_STAGES[progress.stage].doing): string {
  if (progress.done === undefined) return name;
  return progress.total ? `${name} (${formatCount(progress.done)} / ${formatCount(progress.total)})` : `${name} (${formatCount(progress.done)})`;
}
