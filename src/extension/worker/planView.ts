import { EXCLUSION_STAGES, type ContextRecord, type ExportPlan, type IndexedExample, type LeakageLine, type LeakagePair, type OutputPreview, type PlannedExample, type SplitLeakage, type TextStageName } from '../../core';
import { ExampleView, ExclusionList, LEAKAGE_PAIRS_SHOWN, LeakagePairView, LeakageView, ListedExampleView, OutputView, PlanView, RecordDetailView } from '../../protocol/messages';

/** Most exclusions sent per stage; the panel says how many more there are. */
export const EXCLUSIONS_PER_STAGE = 1000;

/** Shapes a core plan for the webview: parsed example lines, bounded exclusion lists. */
export function toPlanView(plan: ExportPlan, elapsedMs: number): PlanView {
  const excluded = {} as PlanView['excluded'];
  for (const stage of EXCLUSION_STAGES) {
    const all = plan.excluded[stage];
    if (!all) continue;
    excluded[stage] = {
      total: all.length,
      // Counted by the stage as it ran; only the records sent are made with their evidence.
      rules: { ...all.rules },
      items: all.slice(0, EXCLUSIONS_PER_STAGE).map(({ row: _row, ...rest }) => rest),
      ...(plan.conversationsChanged?.[stage as TextStageName] !== undefined ? { conversations: plan.conversationsChanged[stage as TextStageName] } : {}),
    } satisfies ExclusionList;
  }
  return {
    store: plan.store,
    output: toOutputView(plan.output, plan.format),
    eval: plan.eval && toOutputView(plan.eval, plan.format),
    excluded,
    leakage: plan.leakage && toLeakageView(plan.leakage, plan.leakageLines),
    timings: plan.timings,
    warnings: plan.warnings,
    elapsedMs,
  };
}

function toLeakageView(leakage: SplitLeakage, lines: ExportPlan['leakageLines']): LeakageView {
  const pairView = ({ trainId, evalId, trainGroup, evalGroup, distance, similarity }: LeakagePair): LeakagePairView => ({
    trainId,
    evalId,
    trainGroup,
    evalGroup,
    ...(distance !== undefined ? { distance } : {}),
    ...(similarity !== undefined ? { similarity } : {}),
  });
  const shown = (pairs: readonly LeakagePair[], digest: readonly LeakageLine[] | undefined): LeakagePairView[] =>
    digest
      ? digest.slice(0, LEAKAGE_PAIRS_SHOWN).map(({ pair, trainText, evalText, folded, recordPairs }) => ({ ...pairView(pair), trainText, evalText, ...(folded ? { folded } : {}), ...(recordPairs !== undefined ? { recordPairs } : {}) }))
      : pairs.slice(0, LEAKAGE_PAIRS_SHOWN).map(pairView);
  return {
    mode: leakage.mode,
    pairs: leakage.pairs.length,
    moved: leakage.moved.length,
    remaining: leakage.remaining.length,
    distance: leakage.distance,
    records: leakage.records,
    embedded: leakage.embedded,
    ...(leakage.text ? { text: leakage.text } : {}),
    ...(lines ? { lines: lines.pairs.length, remainingLines: lines.remaining.length } : {}),
    shownPairs: shown(leakage.pairs, lines?.pairs),
    shownRemaining: shown(leakage.remaining, lines?.remaining),
  };
}

/** An example for the webview: its line parsed, and the trainer line beside the native one. */
export function toExampleView(example: PlannedExample, format: ExportPlan['format']): ExampleView {
  const trainer = format === 'native' ? undefined : format;
  return {
    group: example.group,
    example: JSON.parse(example.line),
    records: example.records,
    degenerate: example.degenerate,
    ...(example.flags ? { flags: example.flags, turns: example.turns } : {}),
    ...(trainer ? { format: trainer, line: example.line, native: example.native, loss: example.loss, rendered: example.rendered, lossSpans: example.lossSpans, renderedTokens: example.renderedTokens } : {}),
    ...(example.tokens !== undefined ? { tokens: example.tokens } : {}),
  };
}

/** A listed example: the example and its sort values. */
export function toListedExampleView(example: IndexedExample, format: ExportPlan['format']): ListedExampleView {
  const { ordinal, reward, margin, length, groupSize } = example;
  return { ...toExampleView(example, format), ordinal, ...(reward !== undefined ? { reward } : {}), ...(margin !== undefined ? { margin } : {}), length, groupSize };
}

function toOutputView(output: OutputPreview, format: ExportPlan['format']): OutputView {
  return {
    side: output.side,
    counts: output.counts,
    stats: output.stats,
    groups: output.groups,
    examples: output.examples.map((example) => toExampleView(example, format)),
    charts: output.charts,
    notes: output.notes,
    ...(output.stats.excluded_examples !== undefined
      ? { decidedExamples: output.decidedExamples, excludedExamples: { total: output.excludedExamples.length, items: output.excludedExamples.slice(0, EXCLUSIONS_PER_STAGE) } }
      : {}),
  };
}

/** A record for display: no raw vectors or blobs over the wire. */
export function toRecordDetailView(record: ContextRecord): RecordDetailView {
  const { embedding, binary_payload, ...rest } = record;
  return {
    ...rest,
    embedding: embedding ? { dim: embedding.length, head: Array.from(embedding.subarray(0, 8)) } : null,
    binary_payload_bytes: binary_payload ? binary_payload.length : null,
  };
}
