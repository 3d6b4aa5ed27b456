import { formatMicros } from '../time/rfc3339';
import { decideLabels, DecisionSource } from './decideLabels';
import { HUMAN_SOURCE } from './labelEvent';
import type { LabelsSnapshot } from './labelsDataset';
import { exampleOutcomes, median, positionBias, reviewerAgreement } from './reviewAgreement';

/** One record's effective decisions, as `labels show --json` prints them. */
export interface RecordDecisionReport {
  record_id: string;
  label?: DecisionReport & { value: string };
  rank?: DecisionReport & { value: number };
  edit?: DecisionReport & { text: string };
  discard?: DecisionReport;
}

export interface DecisionReport {
  event_id: string;
  reviewer: string;
  created_at: string;
  reason?: string;
}

/** What `labels show` reports: the effective decisions and how the reviewers went about them. */
export interface LabelsReport {
  uri: string;
  version: number;
  events: number;
  events_skipped: number;
  /** The first skipped events, with why (the rest are counted). */
  skipped: { row: number; event_id: string | null; field: string; reason: string }[];
  decisions: RecordDecisionReport[];
  ties: (DecisionReport & { record_ids: [string, string] })[];
  counts: {
    /** Usable events per action, suggestions included. */
    events_per_action: Record<string, number>;
    /** Usable events per reviewer. */
    events_per_reviewer: Record<string, number>;
    /** Events in effect (people's decisions that win), per action. */
    effective_per_action: Record<string, number>;
    effective_per_reviewer: Record<string, number>;
    suggestions: number;
  };
  /** Krippendorff's alpha (nominal) between people, over the examples at least two of them decided. */
  agreement: { alpha: number | null; examples: number; reviewers: number };
  /** Each reviewer's rate of picking the first-shown record (from `shown_order`). */
  first_shown_pick_rate: Record<string, { picks: number; first_shown: number; rate: number | null }>;
  /** Median `duration_ms` of people's events, overall and per reviewer. */
  median_duration_ms: { all: number | null; per_reviewer: Record<string, number | null> };
}

const SKIPPED_SHOWN = 20;

/** Builds the report of a labels snapshot. */
export function reportLabels(snapshot: LabelsSnapshot): LabelsReport {
  const { events } = snapshot;
  const decisions = decideLabels(events);
  const eventsPerAction: Record<string, number> = {};
  const eventsPerReviewer: Record<string, number> = {};
  const durations: number[] = [];
  const durationsOf = new Map<string, number[]>();
  let suggestions = 0;
  for (const event of events) {
    eventsPerAction[event.action] = (eventsPerAction[event.action] ?? 0) + 1;
    eventsPerReviewer[event.reviewer] = (eventsPerReviewer[event.reviewer] ?? 0) + 1;
    if (event.source !== HUMAN_SOURCE) {
      suggestions++;
      continue;
    }
    if (event.duration_ms !== null) {
      durations.push(event.duration_ms);
      durationsOf.set(event.reviewer, [...(durationsOf.get(event.reviewer) ?? []), event.duration_ms]);
    }
  }
  const effectivePerAction: Record<string, number> = {};
  const effectivePerReviewer: Record<string, number> = {};
  const counted = new Set<string>();
  const count = (source: DecisionSource, action: string) => {
    if (counted.has(source.eventId)) return;
    counted.add(source.eventId);
    effectivePerAction[action] = (effectivePerAction[action] ?? 0) + 1;
    effectivePerReviewer[source.reviewer] = (effectivePerReviewer[source.reviewer] ?? 0) + 1;
  };
  const records: RecordDecisionReport[] = [];
  for (const [id, decision] of [...decisions.records.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const report: RecordDecisionReport = { record_id: id };
    if (decision.label) report.label = { ...sourceReport(decision.label), value: decision.label.value };
    if (decision.rank) report.rank = { ...sourceReport(decision.rank), value: decision.rank.value };
    if (decision.text) report.edit = { ...sourceReport(decision.text), text: decision.text.value };
    if (decision.discard) report.discard = sourceReport(decision.discard);
    for (const [source, action] of [
      [decision.label, 'label'],
      [decision.rank, 'rank'],
      [decision.text, 'edit'],
      [decision.discard, 'discard'],
    ] as const) {
      if (source) count(source, action);
    }
    records.push(report);
  }
  const ties = [...decisions.ties.values()].map((tie) => {
    count(tie, 'tie');
    return { ...sourceReport(tie), record_ids: tie.records };
  });
  const outcomes = exampleOutcomes(events);
  const bias: LabelsReport['first_shown_pick_rate'] = {};
  for (const [reviewer, b] of [...positionBias(outcomes)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    bias[reviewer] = { picks: b.picks, first_shown: b.firstShown, rate: b.rate };
  }
  const perReviewer: Record<string, number | null> = {};
  for (const [reviewer, values] of [...durationsOf].sort(([a], [b]) => (a < b ? -1 : 1))) perReviewer[reviewer] = median(values);
  return {
    uri: snapshot.uri,
    version: snapshot.version,
    events: events.length,
    events_skipped: snapshot.skipped.length,
    skipped: snapshot.skipped.slice(0, SKIPPED_SHOWN).map((s) => ({ row: s.row, event_id: s.eventId, field: s.field, reason: s.reason })),
    decisions: records,
    ties,
    counts: {
      events_per_action: eventsPerAction,
      events_per_reviewer: eventsPerReviewer,
      effective_per_action: effectivePerAction,
      effective_per_reviewer: effectivePerReviewer,
      suggestions,
    },
    agreement: reviewerAgreement(outcomes),
    first_shown_pick_rate: bias,
    median_duration_ms: { all: median(durations), per_reviewer: perReviewer },
  };
}

function sourceReport(source: DecisionSource): DecisionReport {
  return {
    event_id: source.eventId,
    reviewer: source.reviewer,
    created_at: formatMicros(source.createdAt),
    ...(source.reason !== null ? { reason: source.reason } : {}),
  };
}

/** The report as text for a terminal. */
export function formatLabelsReport(report: LabelsReport): string {
  const lines: string[] = [];
  lines.push(`${report.uri} (version ${report.version}): ${report.events} events, ${report.events_skipped} skipped, ${report.counts.suggestions} suggestions`);
  for (const s of report.skipped) lines.push(`  skipped row ${s.row}${s.event_id ? ` (${s.event_id})` : ''}: ${s.reason}`);
  lines.push(`events per action: ${formatCounts(report.counts.events_per_action)}`);
  lines.push(`events per reviewer: ${formatCounts(report.counts.events_per_reviewer)}`);
  lines.push(`in effect per action: ${formatCounts(report.counts.effective_per_action)}`);
  lines.push(`in effect per reviewer: ${formatCounts(report.counts.effective_per_reviewer)}`);
  const { alpha, examples, reviewers } = report.agreement;
  lines.push(
    `agreement: Krippendorff's alpha (nominal) ${alpha === null ? 'undefined' : alpha.toFixed(3)} over ${examples} examples decided by 2 or more of ${reviewers} reviewers`,
  );
  for (const [reviewer, b] of Object.entries(report.first_shown_pick_rate)) {
    lines.push(`first-shown pick rate of ${reviewer}: ${b.rate === null ? '-' : `${(b.rate * 100).toFixed(1)}%`} (${b.first_shown}/${b.picks})`);
  }
  lines.push(`median time per item: ${report.median_duration_ms.all === null ? '-' : `${report.median_duration_ms.all} ms`}`);
  lines.push(`decisions (${report.decisions.length} records, ${report.ties.length} ties):`);
  for (const d of report.decisions) {
    const parts: string[] = [];
    if (d.label) parts.push(`label ${d.label.value} (${d.label.reviewer})`);
    if (d.rank) parts.push(`rank ${d.rank.value} (${d.rank.reviewer})`);
    if (d.edit) parts.push(`edited (${d.edit.reviewer})`);
    if (d.discard) parts.push(`discarded (${d.discard.reviewer}${d.discard.reason ? `: ${d.discard.reason}` : ''})`);
    lines.push(`  ${d.record_id}: ${parts.join(', ')}`);
  }
  for (const t of report.ties) lines.push(`  tie ${t.record_ids[0]} = ${t.record_ids[1]} (${t.reviewer}${t.reason ? `: ${t.reason}` : ''})`);
  return lines.join('\n');
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? '-' : entries.map(([key, n]) => `${key} ${n}`).join(', ');
}
