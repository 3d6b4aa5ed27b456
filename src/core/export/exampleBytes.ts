import { fragment, JsonByteWriter } from '../json/jsonByteWriter';
import { formatMicros } from '../time/rfc3339';
import { EditPairSource, ExampleSpec, provenanceRows } from './decideExamples';
import { RecordSource } from './recordSource';
import { CodedStrings } from '../store/codedStrings';
import { Group } from './groupList';

/** Up to this many distinct roles, each one's JSON is encoded once. */
const ROLES_CACHED = 64;

const F = {
  messagesOpen: fragment('{"messages":['),
  roleOpen: fragment('{"role":'),
  content: fragment(',"content":'),
  close: fragment('}'),
  comma: fragment(','),
  arrayClose: fragment(']'),
  reward: fragment(',"reward":'),
  provenanceKey: fragment(',"provenance":'),
  pairedOpen: fragment('{"form":"paired","prompt":['),
  unpairedOpen: fragment('{"form":"unpaired","prompt":['),
  rankedOpen: fragment('{"form":"ranked","prompt":['),
  rolloutOpen: fragment('{"prompt":['),
  chosen: fragment('],"chosen":['),
  rejected: fragment('],"rejected":['),
  completion: fragment('],"completion":['),
  label: fragment('],"label":'),
  candidates: fragment('],"candidates":['),
  responses: fragment('],"responses":['),
  candidateOpen: fragment('{"messages":['),
  rank: fragment('],"rank":'),
  rewardSource: fragment(',"reward_source":'),
  groupId: fragment(',"group_id":'),
  newline: fragment('\n'),
  recordIds: fragment(',"record_ids":['),
  externalIds: fragment('],"external_ids":['),
  tenant: fragment(',"tenant":'),
  source: fragment(',"source":'),
  botId: fragment(',"bot_id":'),
  sessionId: fragment(',"session_id":'),
  runId: fragment(',"run_id":'),
  start: fragment(',"created_at_start":"'),
  end: fragment('","created_at_end":"'),
  provenanceClose: fragment('"}'),
};

/**
 * Writes examples as JSONL lines straight into a byte writer: the same bytes
 * `toRustJson(exampleObject(...))` produces, without building objects or
 * decoding texts into JS strings. One instance per output (it caches the
 * encoded provenance head).
 */
export class ExampleByteWriter {
  private readonly provenanceHead: Buffer;
  /** `"role"` as JSON, by the role column's code (a handful of values, written for every message). */
  private readonly roleJson: Buffer[] = [];

  constructor(
    private readonly source: RecordSource,
    private readonly out: JsonByteWriter,
  ) {
    this.provenanceHead = fragment(`{"context_uri":${JSON.stringify(source.contextUri)},"version":${source.version}`);
  }

  /** Writes one example and its newline. */
  write(group: Group, spec: ExampleSpec): void {
    const out = this.out;
    switch (spec.form) {
      case 'sft':
        out.rawBytes(F.messagesOpen);
        this.messages(group.rows);
        out.rawBytes(F.arrayClose);
        if (spec.reward !== undefined) {
          out.rawBytes(F.reward);
          out.f64(spec.reward);
        }
        break;
      case 'paired':
        out.rawBytes(F.pairedOpen);
        this.messages(spec.prompt);
        out.rawBytes(F.chosen);
        this.message(spec.chosen);
        out.rawBytes(F.rejected);
        this.message(spec.rejected, spec.edit !== undefined);
        out.rawBytes(F.arrayClose);
        break;
      case 'unpaired':
        out.rawBytes(F.unpairedOpen);
        this.messages(spec.prompt);
        out.rawBytes(F.completion);
        this.message(spec.completion);
        out.rawBytes(F.label);
        out.raw(spec.label ? 'true' : 'false');
        break;
      case 'ranked':
        out.rawBytes(F.rankedOpen);
        this.messages(spec.prompt);
        out.rawBytes(F.candidates);
        spec.candidates.forEach(({ row, rank }, i) => {
          if (i > 0) out.rawBytes(F.comma);
          out.rawBytes(F.candidateOpen);
          this.message(row);
          out.rawBytes(F.rank);
          out.int(rank);
          this.reward(row);
          out.rawBytes(F.close);
        });
        out.rawBytes(F.arrayClose);
        break;
      case 'rollout':
        out.rawBytes(F.rolloutOpen);
        this.messages(spec.prompt);
        out.rawBytes(F.responses);
        spec.responses.forEach((row, i) => {
          if (i > 0) out.rawBytes(F.comma);
          out.rawBytes(F.candidateOpen);
          this.message(row);
          out.rawBytes(F.arrayClose);
          this.reward(row);
          const rewardSource = this.source.signals.rewardSource.at(row);
          if (rewardSource !== undefined) {
            out.rawBytes(F.rewardSource);
            out.string(rewardSource);
          }
          out.rawBytes(F.close);
        });
        out.rawBytes(F.arrayClose);
        if (spec.groupId !== undefined) {
          out.rawBytes(F.groupId);
          out.string(spec.groupId);
        }
        break;
    }
    out.rawBytes(F.provenanceKey);
    this.provenance(provenanceRows(group, spec), spec.form === 'paired' ? spec.edit : undefined);
    out.rawBytes(F.close);
    out.rawBytes(F.newline);
  }

  private reward(row: number): void {
    const value = this.source.signals.reward.at(row);
    if (Number.isNaN(value)) return;
    this.out.rawBytes(F.reward);
    this.out.f64(value);
  }

  private messages(rows: ArrayLike<number>): void {
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) this.out.rawBytes(F.comma);
      this.message(rows[i]);
    }
  }

  /** `{"role":…,"content":…}` with the content escaped from its UTF-8 bytes. */
  private message(row: number, original = false): void {
    const { out, source } = this;
    const texts = original ? (source.originalTexts ?? source.texts) : source.texts;
    out.rawBytes(F.roleOpen);
    const { role } = source.table;
    if (role.distinct <= ROLES_CACHED) {
      const code = role.codeAt(row);
      out.rawBytes((this.roleJson[code] ??= fragment(JSON.stringify(role.valueOfCode(code)))));
    } else out.string(role.at(row));
    out.rawBytes(F.content);
    out.columnString(texts, row, () => texts.text(row) ?? '');
    out.rawBytes(F.close);
  }

  private provenance(rows: ArrayLike<number>, edit?: EditPairSource): void {
    const { out, source } = this;
    const { table } = source;
    out.rawBytes(this.provenanceHead);
    out.rawBytes(F.recordIds);
    let start = Infinity;
    let end = -Infinity;
    let externals = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (i > 0) out.rawBytes(F.comma);
      out.columnString(table.id, row, () => table.id.at(row));
      const createdAt = table.createdAt[row];
      if (createdAt < start) start = createdAt;
      if (createdAt > end) end = createdAt;
      if (!table.externalId.isNull(row)) externals++;
    }
    if (externals > 0) {
      out.rawBytes(F.externalIds);
      let first = true;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (table.externalId.isNull(row)) continue;
        if (!first) out.rawBytes(F.comma);
        out.columnString(table.externalId, row, () => table.externalId.text(row)!);
        first = false;
      }
    }
    out.rawBytes(F.arrayClose);
    const head = rows[0];
    const optional = (key: Buffer, value: string | null) => {
      if (value === null) return;
      out.rawBytes(key);
      out.string(value);
    };
    // A column of many values (session ids) has them as UTF-8 bytes: written straight, no string decoded.
    const coded = (key: Buffer, column: CodedStrings<string | null> | CodedStrings<string>) => {
      const bytes = column.valueBytes;
      const code = column.codeAt(head);
      const buffer = bytes?.buffer(code);
      if (!buffer) return optional(key, column.valueOfCode(code));
      out.rawBytes(key);
      out.utf8String(buffer, bytes!.start(code), bytes!.end(code));
    };
    coded(F.tenant, table.tenant);
    coded(F.source, table.source);
    coded(F.botId, table.botId);
    coded(F.sessionId, table.sessionId);
    coded(F.runId, table.runId);
    out.rawBytes(F.start);
    out.raw(formatMicros(start));
    out.rawBytes(F.end);
    out.raw(formatMicros(end));
    if (edit) {
      // An edit pair says so: "review_edit" after export.rs's keys, as exampleObject adds it.
      out.raw('","review_edit":{"event_id":');
      out.string(edit.eventId);
      out.raw(',"reviewer":');
      out.string(edit.reviewer);
      out.raw('}}');
      return;
    }
    out.rawBytes(F.provenanceClose);
  }
}
