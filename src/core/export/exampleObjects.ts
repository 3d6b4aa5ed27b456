import { F64, f64 } from '../json/rustJson';
import { formatMicros } from '../time/rfc3339';
import { ExampleSettings, ExampleSpec, picksOf, planExamples, provenanceRows, RecordSource, SkipReason } from './examplePlan';
import { Group } from './groupRows';

interface Message {
  role: string;
  content: string;
}

/**
 * The examples of a group as JSON-ready objects (for previews; files are
 * written by `writeExample`, byte for byte the same); `picks[i]` lists the
 * rows example `i` presents as completions.
 */
export interface BuiltExamples {
  examples: object[];
  picks: number[][];
  skipped?: SkipReason;
}

export function buildExamples(view: RecordSource, group: Group, settings: ExampleSettings): BuiltExamples {
  const planned = planExamples(view, group, settings);
  return {
    examples: planned.specs.map((spec) => exampleObject(view, group, spec)),
    picks: planned.specs.map((spec) => picksOf(spec, group)),
    skipped: planned.skipped,
  };
}

function message(view: RecordSource, row: number, original = false): Message {
  const texts = original ? (view.originalTexts ?? view.texts) : view.texts;
  return { role: view.table.role.at(row), content: texts.text(row) ?? '' };
}

function reward(view: RecordSource, row: number): F64 | undefined {
  const value = view.signals.reward[row];
  return Number.isNaN(value) ? undefined : f64(value);
}

/** Provenance of a group, as export.rs builds it. */
export function provenance(view: RecordSource, rows: ArrayLike<number>): object {
  const { table } = view;
  const first = rows[0];
  let start = Infinity;
  let end = -Infinity;
  const externalIds: string[] = [];
  const recordIds: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    recordIds[i] = table.id[row];
    const createdAt = table.createdAt[row];
    if (createdAt < start) start = createdAt;
    if (createdAt > end) end = createdAt;
    const externalId = table.externalId.at(row);
    if (externalId !== null) externalIds.push(externalId);
  }
  return {
    context_uri: view.contextUri,
    version: view.version,
    record_ids: recordIds,
    external_ids: externalIds.length > 0 ? externalIds : undefined,
    tenant: table.tenant.at(first) ?? undefined,
    source: table.source.at(first) ?? undefined,
    bot_id: table.botId.at(first) ?? undefined,
    session_id: table.sessionId.at(first) ?? undefined,
    run_id: table.runId.at(first),
    created_at_start: formatMicros(start),
    created_at_end: formatMicros(end),
  };
}

/** One example as the object `toRustJson` serializes to its JSONL line. */
export function exampleObject(view: RecordSource, group: Group, spec: ExampleSpec): object {
  const prov = provenance(view, provenanceRows(group, spec));
  const prompt = (rows: number[]) => rows.map((row) => message(view, row));
  switch (spec.form) {
    case 'sft':
      return {
        messages: Array.from(group.rows, (row) => message(view, row)),
        reward: spec.reward === undefined ? undefined : f64(spec.reward),
        provenance: prov,
      };
    case 'paired':
      return {
        form: 'paired',
        prompt: prompt(spec.prompt),
        chosen: [message(view, spec.chosen)],
        rejected: [message(view, spec.rejected, spec.edit !== undefined)],
        provenance: spec.edit ? { ...prov, review_edit: { event_id: spec.edit.eventId, reviewer: spec.edit.reviewer } } : prov,
      };
    case 'unpaired':
      return { form: 'unpaired', prompt: prompt(spec.prompt), completion: [message(view, spec.completion)], label: spec.label, provenance: prov };
    case 'ranked':
      return {
        form: 'ranked',
        prompt: prompt(spec.prompt),
        candidates: spec.candidates.map(({ row, rank }) => ({ messages: [message(view, row)], rank, reward: reward(view, row) })),
        provenance: prov,
      };
    case 'rollout':
      return {
        prompt: prompt(spec.prompt),
        responses: spec.responses.map((row) => ({ messages: [message(view, row)], reward: reward(view, row), reward_source: view.signals.rewardSource.at(row) })),
        group_id: spec.groupId,
        provenance: prov,
      };
  }
}
