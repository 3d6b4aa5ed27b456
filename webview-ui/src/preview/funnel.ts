import { EXCLUSION_RULES } from '../../../src/core/pipeline/exclusionRules';
import { describeNotes } from '../../../src/core/export/exampleNotes';
import { CurationStage, stageCountsOf, stageSpec } from '../../../src/core/pipeline/pipelineStages';
import type { ExclusionList, PlanView } from '../../../src/protocol/messages';
import { clickable, el, formatCount } from '../elements';

export type FunnelStage = 'input' | CurationStage | 'examples';

/** Hover text of a stage's removals, where the label alone does not say why. */
const STAGE_HINTS: Partial<Record<CurationStage, string>> = {
  lifecycle: 'Records whose lifecycle_status is "contradicted": still listed by lance-context, but export drops them (a later record contradicts them).',
};

/**
 * The per-stage counts: the listed records, then every record stage that ran
 * (the stage table's order and labels), then the examples (train / eval),
 * each with what it removed. Clicking a stage shows its excluded records.
 */
export function funnelView(plan: PlanView, onStage: (stage: FunnelStage) => void): HTMLElement {
  const c = plan.output.counts;
  const ex = plan.excluded;
  const filtered = ex.listing.rules.filter ?? 0;
  const lifecycleHidden = ex.listing.total - filtered;
  const listingNote = [lifecycleHidden ? `${formatCount(lifecycleHidden)} by lifecycle (${ruleList(ex.listing.rules)})` : '', filtered ? `${formatCount(filtered)} by your filter` : '']
    .filter(Boolean)
    .join(', ');
  // The optional stages appear only when they ran; each row's removals are against the row before it.
  const rows: { stage: FunnelStage; name: string; count: number; removed?: number; note?: string; title?: string; conversations?: number }[] = stageCountsOf(c).map(({ stage, count, removed }) =>
    stage === 'listing'
      ? { stage: 'input', name: 'Listed records', count, removed: ex.listing.total, note: listingNote ? `hidden: ${listingNote}` : 'hidden by listing' }
      : { stage, name: `After ${stageSpec(stage).label}`, count, removed, note: stageSpec(stage).removes, title: STAGE_HINTS[stage], ...turnsOf((ex as Record<string, ExclusionList | undefined>)[stage]) },
  );
  const max = Math.max(1, c.input_records);
  const examples = formatCount(c.examples + (plan.eval?.counts.examples ?? 0));
  // The split's sides go beside the count, where there is room for them (the count column is narrow).
  const sides = plan.eval ? `train ${formatCount(c.examples)} / eval ${formatCount(plan.eval.counts.examples)} · ` : '';
  const groups = plan.output.groups.length + (plan.eval?.groups.length ?? 0);
  return el(
    'section',
    { class: 'funnel', aria: { label: 'records kept at each stage' } },
    ...rows.map((row) =>
      clickable(
        el(
          'div',
          { class: 'stage', dataset: { stage: row.stage } },
          el('span', { class: 'stage-name' }, row.name),
          el('span', { class: 'stage-bar' }, el('span', { class: 'stage-fill', dataset: { fraction: String(row.count / max) } })),
          el('span', { class: 'stage-count' }, formatCount(row.count)),
          el(
            'span',
            { class: 'stage-removed', attrs: row.title ? { title: row.title } : undefined },
            row.removed ? `−${formatCount(row.removed)}${row.note ? ` ${row.note}` : ''}${row.conversations ? `, turns from ${plural(row.conversations, 'conversation')}` : ''}` : '',
          ),
        ),
        () => onStage(row.stage),
        `${row.name}: ${row.count}${row.removed ? `, ${row.removed} excluded` : ''}`,
      ),
    ),
    formatStageRow(plan),
    el(
      'div',
      { class: 'stage stage-examples', dataset: { stage: 'examples' } },
      el('span', { class: 'stage-name' }, 'Examples'),
      el('span', { class: 'stage-bar' }),
      el('span', { class: 'stage-count', dataset: { examples: String(c.examples) } }, examples),
      el('span', { class: 'stage-removed' }, `${sides}in ${plural(groups, 'group')}`),
    ),
    notesView(plan),
  );
}

/** A record-unit text stage inside conversations: how many conversations lost turns, and what to do about it. */
function turnsOf(list: ExclusionList | undefined): { conversations?: number; title?: string } {
  if (!list?.conversations) return {};
  return {
    conversations: list.conversations,
    title: `Judged record by record, this stage removed single turns from ${plural(list.conversations, 'conversation')}, which keep their other turns. Set the text dedup unit to "group" to compare and drop whole conversations.`,
  };
}

/** Degenerate examples and groups that gave none, said in words under the Examples row. */
function notesView(plan: PlanView): HTMLElement | null {
  const outputs = plan.eval ? [plan.output, plan.eval] : [plan.output];
  const lines = outputs.flatMap((output) => describeNotes(output.notes).map((line) => (plan.eval ? `${output.side}: ${line}` : line)));
  // Only when the train side has examples is the eval fraction what keeps the eval side small.
  if (plan.eval && plan.eval.counts.examples < 10 && plan.output.counts.examples > 0) {
    lines.push(`the eval side has only ${plural(plan.eval.counts.examples, 'example')}: too few to measure much; raise the eval fraction`);
  }
  const spanning = outputs.reduce((sum, output) => sum + (output.notes.flagged?.candidates_span_turns ?? 0), 0);
  if (spanning > 0) lines.push('set Pair scope to "turn" to compare only the answers to one prompt (tool calls only with tool calls)');
  if (lines.length === 0) return null;
  return el('ul', { class: 'example-notes', id: 'example-notes', aria: { label: 'notes on the examples' } }, ...lines.map((line) => el('li', null, line)));
}

/** The header's one-line summary: "1,234 examples (train 1,100 / eval 134) from 402 records". */
export function summarizeCounts(plan: PlanView): string {
  const c = plan.output.counts;
  const total = c.examples + (plan.eval?.counts.examples ?? 0);
  const sides = plan.eval ? ` (train ${formatCount(c.examples)} / eval ${formatCount(plan.eval.counts.examples)})` : '';
  return `${plural(total, 'example')}${sides} from ${plural(c.input_records, 'listed record')}`;
}

/** "1 example", "3 examples". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** The hidden records by rule, in the one fixed order of the rules (not the order records came in, which moves between recounts). */
function ruleList(rules: Record<string, number>): string {
  const rank = (rule: string) => ((EXCLUSION_RULES as readonly string[]).indexOf(rule) + 1 || Infinity);
  return Object.entries(rules)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .filter(([rule, count]) => rule !== 'filter' && count > 0)
    .map(([rule, count]) => `${formatCount(count)} ${rule.replace('_', ' ')}`)
    .join(', ');
}

/** The format stage (trainer formats, token limit): examples decided (shown as "planned") and dropped; absent without one. */
function formatStageRow(plan: PlanView): HTMLElement | null {
  const decided = plan.output.decidedExamples;
  if (decided === undefined) return null;
  const dropped = (plan.output.excludedExamples?.total ?? 0) + (plan.eval?.excludedExamples?.total ?? 0);
  return el(
    'div',
    { class: 'stage stage-format', dataset: { stage: 'format' } },
    el('span', { class: 'stage-name' }, 'Format stage'),
    el('span', { class: 'stage-bar' }),
    el('span', { class: 'stage-count' }, `${formatCount(decided + (plan.eval?.decidedExamples ?? 0))} planned`),
    el('span', { class: 'stage-removed' }, dropped ? `−${formatCount(dropped)} dropped` : ''),
  );
}

/** Sets bar widths from data attributes (CSP forbids inline style attributes in markup). */
export function sizeFunnelBars(root: HTMLElement): void {
  for (const fill of root.querySelectorAll<HTMLElement>('.stage-fill')) {
    const fraction = Math.max(0, Math.min(1, Number(fill.dataset.fraction)));
    // A small last bar stays visible: never thinner than 3 px unless it is empty.
    fill.style.width = fraction > 0 ? `max(3px, ${fraction * 100}%)` : '0';
  }
}
