import { decideExamples, ExampleSettings, ExampleSpec, GroupExamples } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { DegenerateReason, degenerateReason } from '../export/exampleNotes';
import { Group } from '../export/groupRows';
import { candidateTurnSpan } from '../export/turnExamples';

/** A group's examples as the planner decides them, with what the funnel notes about each. */
export interface GroupDecision extends GroupExamples {
  /** Each spec's degenerate reason, if any (in `specs` order). */
  degenerate: (DegenerateReason | undefined)[];
  /** Preference specs whose candidates answer different turns. */
  spansTurns: number;
}

/** Decisions of a preview session's groups, by group object (a recount hands back the same object for a group it kept whole). */
const decisions = new WeakMap<Group, { key: string; decision: GroupDecision }>();

/**
 * The examples of `group` and their notes. With `reuse` (a preview session,
 * whose group objects outlive a plan: the {@link decisionKey} of the
 * settings), a group met again with the same settings is answered from the
 * last decision: it depends only on the
 * group's rows, their signals and roles, and the settings.
 */
export function decideGroup(source: RecordSource, group: Group, settings: ExampleSettings, reuse: string | undefined): GroupDecision {
  if (reuse === undefined) return decide(source, group, settings);
  const key = reuse;
  const cached = decisions.get(group);
  if (cached?.key === key) return cached.decision;
  const decision = decide(source, group, settings);
  decisions.set(group, { key, decision });
  return decision;
}

function decide(source: RecordSource, group: Group, settings: ExampleSettings): GroupDecision {
  const { specs, skipped } = decideExamples(source, group, settings);
  let spansTurns = 0;
  const degenerate = specs.map((spec: ExampleSpec) => {
    if (settings.task === 'preference' && candidateTurnSpan(source, group, spec)) spansTurns++;
    return degenerateReason(source, group, spec);
  });
  return { specs, skipped, degenerate, spansTurns };
}

/** The settings a decision depends on: the minimum reward only labels unpaired preference examples. */
export function decisionKey(settings: ExampleSettings): string {
  const unpaired = settings.task === 'preference' && settings.form === 'unpaired';
  return JSON.stringify([settings.task, settings.form, settings.pairScope ?? null, unpaired ? (settings.minReward ?? null) : null]);
}
