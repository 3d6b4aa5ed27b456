import { provenance } from '../export/exampleObjects';
import { ExampleSpec, preferenceScore, provenanceRows } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { Group } from '../export/groupList';
import { FormatExample, FormatExampleBody, FormatRecord } from './formatExample';

/**
 * The metadata object, for what the converters read of it: `raw_message` and
 * `tools`. Metadata that cannot hold either key (neither name in its text,
 * and no `\u` escape that could spell one) is not parsed again: curation
 * already read its signals.
 */
function parsedMetadata(source: RecordSource, row: number): Record<string, unknown> | undefined {
  const text = source.table.metadata.text(row);
  if (text === null) return undefined;
  if (!text.includes('raw_message') && !text.includes('tools') && !text.includes('\\u')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Invalid metadata is reported by curation (RecordSignals.invalid); here it only means no raw_message.
    return undefined;
  }
}

/** One row as the record the converters rebuild a message from. */
export function formatRecordOf(source: RecordSource, row: number, original = false): FormatRecord {
  const record: FormatRecord = {
    id: source.table.id.at(row),
    role: source.table.role.at(row),
    text: (original ? (source.originalTexts ?? source.texts) : source.texts).text(row),
    contentType: source.table.contentType.at(row),
    metadata: parsedMetadata(source, row),
  };
  const reward = source.signals.reward.at(row);
  if (!Number.isNaN(reward)) record.reward = reward;
  const rewardSource = source.signals.rewardSource.at(row);
  if (rewardSource !== undefined) record.rewardSource = rewardSource;
  return record;
}

/**
 * The converter input for one decided example: what `exampleObject` reads
 * to build a native line, with each row resolved to its record (metadata
 * parsed, so `raw_message` is at hand) and the group's provenance.
 *
 * @example
 * const decided = decideExamples(source, group, settings);
 * for (const spec of decided.specs) convertExample(formatExampleFromSpec(source, group, spec), { flavour: 'trl' });
 */
export function formatExampleFromSpec(source: RecordSource, group: Group, spec: ExampleSpec): FormatExample {
  const record = (row: number) => formatRecordOf(source, row);
  const records = (rows: ArrayLike<number>) => Array.from(rows, record);
  let body: FormatExampleBody;
  switch (spec.form) {
    case 'sft':
      body = { form: 'sft', records: records(group.rows), reward: spec.reward };
      break;
    case 'paired':
      body = { form: 'paired', prompt: records(spec.prompt), chosen: record(spec.chosen), rejected: formatRecordOf(source, spec.rejected, spec.edit !== undefined) };
      break;
    case 'unpaired':
      body = { form: 'unpaired', prompt: records(spec.prompt), completion: record(spec.completion), label: spec.label };
      break;
    case 'ranked':
      body = {
        form: 'ranked',
        prompt: records(spec.prompt),
        candidates: spec.candidates.map(({ row, rank }) => ({
          record: record(row),
          rank,
          rankIsExplicit: !Number.isNaN(source.signals.rank.at(row)),
          score: preferenceScore(source, row),
        })),
      };
      break;
    case 'rollout':
      body = { form: 'rollout', prompt: records(spec.prompt), responses: records(spec.responses), groupId: spec.groupId };
      break;
  }
  if (body.form === 'sft' && body.reward === undefined) delete body.reward;
  if (body.form === 'rollout' && body.groupId === undefined) delete body.groupId;
  const prov = provenance(source, provenanceRows(group, spec));
  const edit = spec.form === 'paired' ? spec.edit : undefined;
  return { ...body, group: group.key, provenance: edit ? { ...prov, review_edit: { event_id: edit.eventId, reviewer: edit.reviewer } } : prov };
}
