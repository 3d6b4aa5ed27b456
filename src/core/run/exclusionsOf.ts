import type { Exclusions } from '../listing/exclusions';
import { EXCLUSION_STAGES, type ExclusionStage, type OptionalExclusionStage } from '../pipeline/pipelineStages';
import type { Curation } from './curate';

/** Every excluded record of a run, by stage, in pipeline order (each record's evidence made when read). */
export function exclusionsOf(curation: Curation): ExclusionsByStage {
  const results: Partial<Record<ExclusionStage, { excluded: Exclusions }>> = { listing: { excluded: curation.listing.hidden }, ...curation.stages };
  const byStage: Partial<Record<ExclusionStage, Exclusions>> = {};
  for (const stage of EXCLUSION_STAGES) {
    const result = results[stage];
    if (result) byStage[stage] = result.excluded;
  }
  return byStage as ExclusionsByStage;
}

/** Excluded records by stage; the optional stages' keys are present only when they ran. */
export type ExclusionsByStage = Record<Exclude<ExclusionStage, OptionalExclusionStage>, Exclusions> & Partial<Record<OptionalExclusionStage, Exclusions>>;
