/** The columns every context store has (lance-context's schema); their absence says another record kind. */
export const REQUIRED_COLUMNS = ['id', 'run_id', 'created_at', 'role', 'content_type'] as const;

/** What kind of lance-context dataset a schema looks like. */
export type StoreKind = 'context' | 'rollout' | 'trace' | 'datagen' | 'generic';

/**
 * Column names that mark the other record kinds lance-context keeps in
 * separate datasets. A guess from names only, for the message that explains
 * why a dataset is refused; the first kind with a marker column wins.
 */
const MARKERS: readonly [Exclude<StoreKind, 'context' | 'generic'>, readonly string[]][] = [
  ['rollout', ['rollout_id', 'episode_id', 'trajectory', 'reward', 'rewards', 'actions', 'observations', 'env_id']],
  ['trace', ['trace_id', 'span_id', 'parent_span_id', 'span_name', 'spans']],
  ['datagen', ['prompt', 'completion', 'generation_id', 'generator', 'seed_prompt', 'response']],
];

/**
 * Guesses a dataset's record kind from its column names: `context` when the
 * context schema's required columns (`role`, `run_id`, ...) are all there.
 *
 * @example
 * guessStoreKind(['rollout_id', 'reward', 'created_at']) // 'rollout'
 */
export function guessStoreKind(columns: Iterable<string>): StoreKind {
  const names = new Set(columns);
  if (REQUIRED_COLUMNS.every((name) => names.has(name))) return 'context';
  for (const [kind, markers] of MARKERS) if (markers.some((name) => names.has(name))) return kind;
  return 'generic';
}
