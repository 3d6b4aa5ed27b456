import type { ExclusionRule } from '../pipeline/exclusionRules';
import type { ExclusionStage } from '../pipeline/pipelineStages';

/**
 * Why a record did not make it into the export. Every stage reports the
 * records it removes with the evidence, so a person can check the decision.
 * The stages are those of `PIPELINE_STAGES` that exclude records.
 */
export type { ExclusionStage };

/** The text stages (issue 11): reported only when they ran. */
export type TextStage = 'text_exact' | 'text_minhash';

export { EXCLUSION_RULES } from '../pipeline/exclusionRules';
export type { ExclusionRule };

export interface Exclusion {
  /** Index of the record's row in the store's RowTable. */
  row: number;
  /** The record id. */
  id: string;
  stage: ExclusionStage;
  rule: ExclusionRule;
  /** A sentence a person can read, e.g. "near-duplicate of r123, distance 0.012". */
  reason: string;
  /** The kept record this one duplicates (the kept group's key with `--dedup-unit group`). */
  duplicateOf?: string;
  /** Exact Jaccard similarity of the word shingles to `duplicateOf` (1 for exact text duplicates). */
  similarity?: number;
  /** The benchmark item the record shares an n-gram with. */
  benchmark?: { file: string; line: number; ngram: string };
  /** With `--dedup-unit group`: the group removed whole, this record with it. */
  group?: string;
  /** Cosine distance to the kept record or the holdout vector. */
  distance?: number;
  /** 1-based line of the holdout file that matched (or index of the holdout vector). */
  holdoutLine?: number;
  reward?: number;
  threshold?: number;
  /** The review event that discarded the record (`--labels`), and who wrote it. */
  eventId?: string;
  reviewer?: string;
}

