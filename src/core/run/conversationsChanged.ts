import { groupKeyOf } from '../export/groupBy';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { Curation } from './curate';
import { EXCLUSION_STAGES, OptionalExclusionStage, stageSpec } from '../pipeline/pipelineStages';

/** The text stages (the optional record stages), which can remove single turns from a conversation in record mode. */
export type TextStageName = OptionalExclusionStage;

/**
 * How many conversations each text stage removed records from, when the
 * records are grouped into conversations (`--group-by session_id|run_id`) but
 * the text stages judged records alone (`--dedup-unit record`): every such
 * conversation lost some turns and kept the rest. Undefined otherwise.
 */
export function conversationsChanged(curation: Curation, config: ResolvedExportOptions): Partial<Record<TextStageName, number>> | undefined {
  const kind = config.groupBy.kind;
  if (config.dedupUnit !== 'record' || (kind !== 'session_id' && kind !== 'run_id')) return undefined;
  const keyOf = groupKeyOf(config.groupBy, curation.table);
  const changed: Partial<Record<TextStageName, number>> = {};
  for (const stage of EXCLUSION_STAGES) {
    if (!stageSpec(stage).optional) continue;
    const result = curation.stages[stage as TextStageName];
    if (result) changed[stage as TextStageName] = new Set(Array.from(result.excluded.rows, keyOf)).size;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
