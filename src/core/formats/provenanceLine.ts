import { ConvertedLine } from './convertedLine';
import { FormatExample } from './formatExample';

/**
 * The provenance sidecar line of written line *i* (`<out>.provenance.jsonl`,
 * line *i* ↔ line *i*): trainer lines carry no provenance, so auditability
 * lives beside them. `provenance` is the group's, in export.rs's shape;
 * `record_ids` lists the records this very line is built from (a ranked
 * list's pairs each name their own two candidates).
 */
export function provenanceLine(example: Pick<FormatExample, 'group' | 'provenance'>, converted: ConvertedLine): Record<string, unknown> {
  const line: Record<string, unknown> = { provenance: example.provenance, group: example.group };
  if (converted.reward !== undefined) line.reward = converted.reward;
  line.form = converted.form;
  line.record_ids = converted.recordIds;
  return line;
}
