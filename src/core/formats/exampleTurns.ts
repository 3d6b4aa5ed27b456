import { conversationTurns, Dropped, Turn } from './conversationTurns';
import { FormatRecord } from './formatExample';
import { rebuildMessage } from './sourceMessage';

/** The turns of records in order (messages rebuilt, calls normalised, results paired). */
export function turnsOf(records: FormatRecord[]): Turn[] | Dropped {
  return conversationTurns(records.map(rebuildMessage));
}

/**
 * The turns of a prompt followed by its completion(s), so a completion's
 * calls are normalised exactly as in a conversation; results in the prompt
 * can only pair with calls in the prompt.
 */
export function promptAndCompletions(prompt: FormatRecord[], completions: FormatRecord[]): { prompt: Turn[]; completions: Turn[] } | Dropped {
  const promptTurns = turnsOf(prompt);
  if ('dropped' in promptTurns) return promptTurns;
  const completionTurns: Turn[] = [];
  for (const record of completions) {
    const turns = turnsOf([record]);
    if ('dropped' in turns) return turns;
    if (turns[0].role !== 'assistant') return { dropped: `completion ${record.id} has role "${turns[0].role}", not assistant` };
    completionTurns.push(turns[0]);
  }
  return { prompt: promptTurns, completions: completionTurns };
}

/**
 * Why a prompt cannot be generated from, or undefined: an empty prompt
 * crashes TRL's `prompt[0]`/`prompt[-1]` indexing, and `apply_chat_template`
 * raises on a prompt ending in a system turn and continues (rather than
 * answers) one ending in an assistant turn.
 */
export function promptProblem(prompt: Turn[], lastAllowed: ReadonlySet<string>): string | undefined {
  if (prompt.length === 0) return 'empty prompt';
  const last = prompt[prompt.length - 1].role;
  if (!lastAllowed.has(last)) return `prompt ends in ${/^[aeiou]/.test(last) ? 'an' : 'a'} ${last} turn`;
  return undefined;
}
