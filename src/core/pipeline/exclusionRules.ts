/** Every exclusion rule, in the one order every breakdown lists them (pipeline order, listing's rules first). */
export const EXCLUSION_RULES = [
  'tombstone',
  'expired',
  'retired',
  'status',
  'superseded',
  'filter',
  'invalid_metadata',
  'contradicted',
  'discarded',
  'reward_below_threshold',
  'near_duplicate',
  'holdout_match',
  'exact_text_duplicate',
  'near_text_duplicate',
  'benchmark_ngram',
] as const;

export type ExclusionRule = (typeof EXCLUSION_RULES)[number];
