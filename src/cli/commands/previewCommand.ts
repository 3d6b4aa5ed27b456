import { Command } from 'commander';
import { CurationSession, Exclusion, Exclusions, ExportPlan, formatCount, stageCountsOf, stageSpec, leakageToJson, OPTION_KEYS, orderedCounts, OutputPreview, planExport, RawJson, statsToJson, toRustJson } from '../../core';
import { describeNotes } from '../../core/export/exampleNotes';
import { addOptionFlags, integerText, optionsOfFlags } from '../optionFlags';
import { addBudgetFlags, addStoreFlags, sessionOptionsOf, StoreFlags } from '../storeFlags';
import { stderrProgress } from '../progress';
import { CliContext } from '../cliContext';

/** A preview writes nothing, so the output-only options do not apply. */
const PREVIEW_KEYS = OPTION_KEYS.filter((key) => key !== 'stats');

export function previewCommand(context: CliContext): Command {
  return addOptionFlags(
    addBudgetFlags(addStoreFlags(
      new Command('preview')
        .description('show what an export would produce (counts, stats, groups, examples, exclusions); writes nothing')
        .argument('<store>', 'the store: a .lance dataset directory or s3:// gs:// az:// URI'),
    )),
    PREVIEW_KEYS,
  )
    .option('--limit <n>', 'examples to include', integerText, 20)
    .option('--json', 'print the plan as one JSON object (the default when stdout is not a terminal)')
    .action(async (store: string, flags: StoreFlags & { limit: number; json?: boolean } & Record<string, unknown>) => {
      const session = await CurationSession.open(store, sessionOptionsOf(flags, context));
      const progress = stderrProgress({ json: !!flags.json });
      try {
        const plan = await planExport(session, optionsOfFlags(flags, PREVIEW_KEYS), {
          limit: flags.limit,
          signal: context.signal,
          onProgress: progress.onProgress,
        });
        progress.done();
        for (const warning of plan.warnings) context.stderr(`warning: ${warning}`);
        context.stdout(flags.json || !context.interactive ? toRustJson(planJson(plan), true) : planText(plan));
      } finally {
        progress.done();
        await session.close();
      }
    });
}

/** The plan as the JSON document `preview --json` prints. */
export function planJson(plan: ExportPlan): object {
  const { wal: _wal, ...store } = plan.store;
  return {
    store: plan.store,
    format: plan.format === 'native' ? undefined : plan.format,
    ...outputJson(plan.output),
    excluded: Object.fromEntries(Object.entries(plan.excluded).map(([stage, exclusions]) => [stage, exclusions.list().map(exclusionJson)])),
    eval: plan.eval && outputJson(plan.eval),
    leakage: plan.leakage && leakageToJson(plan.leakage),
    warnings: plan.warnings,
  };
}

function outputJson(output: OutputPreview): object {
  return {
    side: output.side,
    counts: orderedCounts(output.counts),
    stats: statsToJson(output.stats),
    groups: output.groups.map((group) => ({ key: group.key, size: group.records, examples: group.examples, skipped: group.skipped, degenerate: group.degenerate })),
    example_notes: { degenerate: output.notes.degenerate, skipped_groups: output.notes.skippedGroups, flagged: output.notes.flagged },
    examples: output.examples.map((example) => new RawJson(example.line)),
    // Marks beside the lines, which stay exactly as written: one entry per shown example.
    example_flags: output.examples.some((example) => example.flags) ? output.examples.map((example) => (example.flags ? { flags: example.flags, turns: example.turns } : null)) : undefined,
    ...formatStageJson(output),
  };
}

/**
 * The format stage of an output (only when the run has one: a trainer format
 * or a tokenizer): examples in and dropped, and each drop apart from the
 * record-level exclusions.
 */
function formatStageJson(output: OutputPreview): object {
  if (output.stats.excluded_examples === undefined) return {};
  // "planned" here is the decided examples (`decidedExamples`), under the key the CLI has always printed.
  return {
    format_stage: { planned_examples: output.decidedExamples, dropped: output.excludedExamples.length, lines: output.counts.examples },
    excluded_examples: output.excludedExamples,
    example_token_counts: output.examples.some((example) => example.tokens !== undefined) ? output.examples.map((example) => example.tokens ?? null) : undefined,
  };
}

function exclusionJson(exclusion: Exclusion): object {
  const { row: _row, stage: _stage, ...rest } = exclusion;
  return rest;
}

function planText(plan: ExportPlan): string {
  const counts = plan.output.counts;
  const excluded = plan.excluded;
  // One row per record stage that ran (the stage table's order and labels), then the format stage and the examples.
  const rows: [string, string][] = stageCountsOf(counts).map(({ stage, count }) => {
    const removed = excluded[stage]?.length ?? 0;
    if (stage === 'listing') return ['listed records', `${formatCount(count)}   (hidden by listing: ${formatCount(removed)})`];
    const spec = stageSpec(stage);
    return [`after ${spec.label}`, `${formatCount(count)}   (-${formatCount(removed)}${removed > 0 && spec.removes ? ` ${spec.removes}` : ''})`];
  });
  if (plan.output.stats.excluded_examples !== undefined) {
    rows.push([`format (${plan.format})`, `${formatCount(plan.output.decidedExamples)} planned   (-${formatCount(plan.output.excludedExamples.length)} dropped)`]);
  }
  rows.push(['examples', `${formatCount(counts.examples)}${plan.eval ? ` train, ${formatCount(plan.eval.counts.examples)} eval` : ''}  in ${formatCount(plan.output.groups.length)} groups`]);
  const width = Math.max(...rows.map(([name]) => name.length)) + 1;
  const lines = [
    `${plan.store.name} (read ${plan.store.read})`,
    '',
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}${value}`),
    ...describeNotes(plan.output.notes).map((note) => `${' '.repeat(width + 2)}(${note})`),
    '',
  ];
  if (plan.output.excludedExamples.length > 0) {
    lines.push('dropped examples (first 12):');
    for (const drop of plan.output.excludedExamples.slice(0, 12)) lines.push(`  ${drop.group.padEnd(12)} ${drop.reason}`);
    lines.push('');
  }
  const reasons = (Object.values(excluded) as Exclusions[]).flatMap((exclusions) => exclusions.slice(0, 12)).slice(0, 12);
  if (reasons.length > 0) {
    lines.push('excluded (first 12):');
    for (const exclusion of reasons) lines.push(`  ${exclusion.id.padEnd(12)} ${exclusion.stage.padEnd(16)} ${exclusion.reason}`);
    lines.push('');
  }
  lines.push('run with --json for the full plan');
  return lines.join('\n');
}
