import { formatCount } from '../strings/formatCount';
import { Group } from './groupList';
import { ExampleSpec, SkipReason } from './decideExamples';
import { RecordSource } from './recordSource';
import type { ExampleFlag } from './turnExamples';

/**
 * Examples export.rs writes although a trainer gains little from them: an SFT
 * conversation with no assistant turn (after a reward filter dropped it), a
 * ranked "list" of one candidate, a rollout with one response. They are kept
 * (native lines stay export.rs's) but counted and marked, so a slider that
 * removes their substance visibly moves something.
 */
export type DegenerateReason = 'no_assistant_turn' | 'single_candidate' | 'single_response';

export const DEGENERATE_REASONS: Record<DegenerateReason, { one: string; many: string }> = {
  no_assistant_turn: { one: 'example has no assistant turn', many: 'examples have no assistant turn' },
  single_candidate: { one: 'ranked list has a single candidate', many: 'ranked lists have a single candidate' },
  single_response: { one: 'rollout has a single response', many: 'rollouts have a single response' },
};

export const SKIP_REASONS: Record<SkipReason, { one: string; many: string }> = {
  no_candidates: { one: 'group has no assistant candidate', many: 'groups have no assistant candidate' },
  single_candidate: { one: 'group has fewer than two scored candidates', many: 'groups have fewer than two scored candidates' },
  no_preference_signal: { one: 'group has no reward, rank or label to order its candidates', many: 'groups have no reward, rank or label to order their candidates' },
  no_labels: { one: 'group has no candidate with a label or reward to decide good or bad', many: 'groups have no candidate with a label or reward to decide good or bad' },
};

/** Why an example is degenerate, or undefined when it is not. */
export function degenerateReason(source: Pick<RecordSource, 'table'>, group: Group, spec: ExampleSpec): DegenerateReason | undefined {
  switch (spec.form) {
    case 'sft':
      for (const row of group.rows) if (source.table.role.at(row).toLowerCase() === 'assistant') return undefined;
      return 'no_assistant_turn';
    case 'ranked':
      return spec.candidates.length < 2 ? 'single_candidate' : undefined;
    case 'rollout':
      return spec.responses.length < 2 ? 'single_response' : undefined;
    default:
      return undefined;
  }
}

/** What an output's examples and groups add to the funnel: degenerate examples and groups that gave none, by reason. */
export interface ExampleNotes {
  degenerate: Partial<Record<DegenerateReason, number>>;
  skippedGroups: Partial<Record<SkipReason, number>>;
  /** Examples written unchanged but marked (`candidates_span_turns`), by flag. */
  flagged: Partial<Record<ExampleFlag, number>>;
}

export function emptyNotes(): ExampleNotes {
  return { degenerate: {}, skippedGroups: {}, flagged: {} };
}

export const FLAG_REASONS: Record<ExampleFlag, { one: string; many: string }> = {
  candidates_span_turns: { one: 'example compares answers to different turns', many: 'examples compare answers to different turns' },
};

/** "12 examples have no assistant turn", "1 ranked list has a single candidate". */
export function describeNotes(notes: ExampleNotes): string[] {
  const lines: string[] = [];
  for (const [reason, count] of Object.entries(notes.degenerate)) {
    const words = DEGENERATE_REASONS[reason as DegenerateReason];
    if (count) lines.push(`${formatCount(count)} ${count === 1 ? words.one : words.many}`);
  }
  for (const [reason, count] of Object.entries(notes.skippedGroups)) {
    const words = SKIP_REASONS[reason as SkipReason];
    if (count) lines.push(`${formatCount(count)} ${count === 1 ? words.one : words.many}`);
  }
  for (const [flag, count] of Object.entries(notes.flagged ?? {})) {
    const words = FLAG_REASONS[flag as ExampleFlag];
    if (count) lines.push(`${count.toLocaleString('en-US')} ${count === 1 ? words.one : words.many}`);
  }
  return lines;
}
