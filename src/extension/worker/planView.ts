import { EXCLUSION_STAGES, type ContextRecord, type ExportPlan, type LeakagePair, type OutputPreview, type SplitLeakage } from '../../core';
import { ExclusionList, LEAKAGE_PAIRS_SHOWN, LeakagePairView, LeakageView, OutputView, PlanView, RecordDetailView } from '../../protocol/messages';

/** Most exclusions sent per stage; the panel says how many more there are. */
export const EXCLUSIONS_PER_STAGE = 1000;

/** Shapes a core plan for the webview: parsed example lines, bounded exclusion lists. */
export function toPlanView(plan: ExportPlan, elapsedMs: number): PlanView {
  const excluded = {} as PlanView['excluded'];
  for (const stage of EXCLUSION_STAGES) {
    const all = plan.excluded[stage];
    if (!all) continue;
    const rules: Record<string, number> = {};
    for (const exclusion of all) rules[exclusion.rule] = (rules[exclusion.rule] ?? 0) + 1;
    excluded[stage] = {
      total: all.length,
      rules,
      items: all.slice(0, EXCLUSIONS_PER_STAGE).map(({ row: _row, ...rest }) => rest),
    } satisfies ExclusionList;
  }
  return {
    store: plan.store,
    output: toOutputView(plan.output, plan.format),
    eval: plan.eval && toOutputView(plan.eval, plan.format),
    excluded,
    leakage: plan.leakage && toLeakageView(plan.leakage),
    timings: plan.timings,
    warnings: plan.warnings,
    elapsedMs,
  };
}

function toLeakageView(leakage: SplitLeakage): LeakageView {
  const shown = (pairs: readonly LeakagePair[]): LeakagePairView[] =>
    pairs.slice(0, LEAKAGE_PAIRS_SHOWN).map(({ trainId, evalId, trainGroup, evalGroup, distance, similarity }) => ({
      trainId,
      evalId,
      trainGroup,
      evalGroup,
      ...(distance !== undefined ? { distance } : {}),
      ...(similarity !== undefined ? { similarity } : {}),
    }));
  return {
    mode: leakage.mode,
    pairs: leakage.pairs.length,
    moved: leakage.moved.length,
    remaining: leakage.remaining.length,
    distance: leakage.distance,
    records: leakage.records,
    embedded: leakage.embedded,
    ...(leakage.text ? { text: leakage.text } : {}),
    shownPairs: shown(leakage.pairs),
    shownRemaining: shown(leakage.remaining),
  };
}

function toOutputView(output: OutputPreview, format: ExportPlan['format']): OutputView {
  const trainer = format === 'native' ? undefined : format;
  return {
    side: output.side,
    counts: output.counts,
    stats: output.stats,
    groups: output.groups,
    examples: output.examples.map((example) => ({
      group: example.group,
      example: JSON.parse(example.line),
      records: example.records,
      degenerate: example.degenerate,
      ...(trainer ? { format: trainer, line: example.line, native: example.native, loss: example.loss, rendered: example.rendered, lossSpans: example.lossSpans } : {}),
      ...(example.tokens !== undefined ? { tokens: example.tokens } : {}),
    })),
    charts: output.charts,
    notes: output.notes,
    ...(output.stats.excluded_examples !== undefined
      ? { plannedExamples: output.plannedExamples, excludedExamples: { total: output.excludedExamples.length, items: output.excludedExamples.slice(0, EXCLUSIONS_PER_STAGE) } }
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
