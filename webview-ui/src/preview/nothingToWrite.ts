import { describeNotes } from '../../../src/core/export/exampleNotes';
import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { stageCountsOf, stageSpec } from '../../../src/core/pipeline/pipelineStages';
import type { PlanView } from '../../../src/protocol/messages';

/**
 * Why a plan gives no example at all, with what to change, from the stage
 * that took the last records (the funnel's rows), or else from why the groups
 * gave none or the format stage dropped them. Undefined when there is
 * something to write.
 */
export function nothingToWrite(plan: PlanView, options: ExportOptions): string | undefined {
  const outputs = plan.eval ? [plan.output, plan.eval] : [plan.output];
  if (outputs.some((output) => output.counts.examples > 0)) return undefined;
  const emptied = stageCountsOf(plan.output.counts).find((row) => row.count === 0);
  if (emptied) {
    const removes = stageSpec(emptied.stage).removes;
    switch (emptied.stage) {
      case 'listing': {
        const listed = plan.excluded.listing;
        if (listed.total === 0) return 'the store has no records';
        const byFilter = listed.rules.filter ?? 0;
        if (byFilter === 0) return `every record is hidden by lifecycle (${Object.keys(listed.rules).join(', ')})`;
        const typo = plan.warnings.some((warning) => /filter key .* matches no column/.test(warning));
        return `your filter leaves no record${typo ? ': a filter key matches no column (see the warning under the counts)' : ': loosen the filter'}`;
      }
      case 'lifecycle':
        return 'every listed record is contradicted by a later one';
      case 'reward_threshold':
        return `no record reaches the min reward${options.minReward !== undefined ? ` ${options.minReward}` : ''}: lower it`;
      case 'decontaminate':
        return 'every record is near a holdout embedding: lower the decontamination threshold or check the holdout';
      case 'ngram_decontaminate':
        return 'every record shares an n-gram with the benchmark: check the benchmark file or raise n';
      default:
        return `the ${stageSpec(emptied.stage).label} stage removed every record${removes ? ` (${removes})` : ''}: loosen it`;
    }
  }
  const decided = outputs.reduce((sum, output) => sum + (output.decidedExamples ?? 0), 0);
  if (decided > 0) return 'the format stage dropped every example (their reasons are listed under Examples)';
  const reasons = outputs.flatMap((output) => describeNotes(output.notes));
  return reasons.length > 0 ? `no group gives an example: ${reasons.join('; ')}; try another task or form, or group records differently` : 'no group gives an example';
}
