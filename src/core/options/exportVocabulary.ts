import { optionError } from './optionError';

/**
 * The words of an export's options: tasks, preference forms, groupings and
 * ranked-pair modes. They live with the options (below export/, formats/ and
 * run/), which validate them; the stages that act on them import them here.
 */

export type ExportTask = 'sft' | 'preference' | 'rollout';
export type PreferenceForm = 'paired' | 'unpaired' | 'ranked';

export const EXPORT_TASKS: readonly ExportTask[] = ['sft', 'preference', 'rollout'];
export const PREFERENCE_FORMS: readonly PreferenceForm[] = ['paired', 'unpaired', 'ranked'];

/**
 * How a ranked candidate list becomes preference pairs: `best-worst` (one
 * pair, what the paired form does), `adjacent` (each candidate against the
 * next), `all` (every two candidates of different rank).
 */
export type RankedPairsMode = 'best-worst' | 'adjacent' | 'all';

export const RANKED_PAIRS_MODES: readonly RankedPairsMode[] = ['best-worst', 'adjacent', 'all'];

/** How records are grouped into one example (and how a split stays disjoint). */
export type GroupBy =
  | { kind: 'none' }
  | { kind: 'session_id' }
  | { kind: 'run_id' }
  | { kind: 'tenant' }
  | { kind: 'source' }
  | { kind: 'bot_id' }
  | { kind: 'external_id_prefix'; delimiter: string };

export const GROUP_BY_CHOICES = ['none', 'session_id', 'run_id', 'tenant', 'source', 'bot_id', 'external_id_prefix:<delim>'] as const;

/** Parses `none|session_id|run_id|tenant|source|bot_id|external_id_prefix:<delim>`. */
export function parseGroupBy(text: string, option: 'groupBy' | 'splitBy' = 'groupBy'): GroupBy {
  switch (text) {
    case 'none':
    case 'session_id':
    case 'run_id':
    case 'tenant':
    case 'source':
    case 'bot_id':
      return { kind: text };
  }
  const prefix = 'external_id_prefix:';
  if (text.startsWith(prefix) && text.length > prefix.length) {
    return { kind: 'external_id_prefix', delimiter: text.slice(prefix.length) };
  }
  throw optionError(option, `unknown grouping '${text}' (use one of ${GROUP_BY_CHOICES.join(', ')})`);
}
