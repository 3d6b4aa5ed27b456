import { F64, f64 } from '../json/rustJson';
import { formatMicros } from '../time/rfc3339';
import { ExampleSettings, ExampleSpec, picksOf, decideExamples, provenanceRows, SkipReason } from './decideExamples';
import { RecordSource } from './recordSource';
import { Group } from './groupList';

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

export function buildExamples(source: RecordSource, group: Group, settings: ExampleSettings): BuiltExamples {
  const decided = decideExamples(source, group, settings);
  return {
    examples: decided.specs.map((spec) => exampleObject(source, group, spec)),
    picks: decided.specs.map((spec) => picksOf(spec, group)),
    skipped: decided.skipped,
  };
}

function message(source: RecordSource, row: number, original = false): Message {
  const texts = original ? (source.originalTexts ?? source.texts) : source.texts;
  return { role: source.table.role.at(row), content: texts.text(row) ?? '' };
}

function reward(source: RecordSource, row: number): F64 | undefined {
  const value = source.signals.reward.at(row);
  return Number.isNaN(value) ? undefined : f64(value);
}

/** Provenance of a group, as export.rs builds it. */
export function provenance(source: RecordSource, rows: ArrayLike<number>): object {
  const { table } = source;
  const first = rows[0];
  let start = Infinity;
  let end = -Infinity;
  const externalIds: string[] = [];
  const recordIds: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    recordIds[i] = table.id.at(row);
    const createdAt = table.createdAt[row];
    if (createdAt < start) start = createdAt;
    if (createdAt > end) end = createdAt;
    const externalId = table.externalId.at(row);
    if (externalId !== null) externalIds.push(externalId);
  }
  return {
    context_uri: source.contextUri,
    version: source.version,
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
export function exampleObject(source: RecordSource, group: Group, spec: ExampleSpec): object {
  const prov = provenance(source, provenanceRows(group, spec));
  const prompt = (rows: number[]) => rows.map((row) => message(source, row));
  switch (spec.form) {
    case 'sft':
      return {
        messages: Array.from(group.rows, (row) => message(source, row)),
        reward: spec.reward === undefined ? undefined : f64(spec.reward),
        provenance: prov,
      };
    case 'paired':
      return {
        form: 'paired',
        prompt: prompt(spec.prompt),
        chosen: [message(source, spec.chosen)],
        rejected: [message(source, spec.rejected, spec.edit !== undefined)],
        provenance: spec.edit ? { ...prov, review_edit: { event_id: spec.edit.eventId, reviewer: spec.edit.reviewer } } : prov,
      };
    case 'unpaired':
      return { form: 'unpaired', prompt: prompt(spec.prompt), completion: [message(source, spec.completion)], label: spec.label, provenance: prov };
    case 'ranked':
      return {
        form: 'ranked',
        prompt: prompt(spec.prompt),
        candidates: spec.candidates.map(({ row, rank }) => ({ messages: [message(source, row)], rank, reward: reward(source, row) })),
        provenance: prov,
      };
    case 'rollout':
      return {
        prompt: prompt(spec.prompt),
        responses: spec.responses.map((row) => ({ messages: [message(source, row)], reward: reward(source, row), reward_source: source.signals.rewardSource.at(row) })),
        group_id: spec.groupId,
        provenance: prov,
      };
  }
}
