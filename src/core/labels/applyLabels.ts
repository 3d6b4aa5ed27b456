import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { countWords, TextColumn } from '../store/payloadColumns';
import { ByteStrings, RowTable } from '../store/rowTable';
import type { ExampleSpec } from '../export/decideExamples';
import { DecisionSource, LabelDecisions, RecordDecision, TieDecision, tieKey } from './decideLabels';

/** A labels dataset as one export applies it: what was read, and the decisions in effect. */
export interface AppliedLabels {
  uri: string;
  version: number;
  decisions: LabelDecisions;
  /** Events in effect (manifest `labels.events_applied`). */
  eventsApplied: number;
  /** Events the reader could not use (manifest `labels.events_skipped`). */
  eventsSkipped: number;
}

/** The manifest's `labels` key. */
export interface ManifestLabels {
  uri: string;
  version: number;
  events_applied: number;
  events_skipped: number;
}

export function manifestLabels(labels: AppliedLabels): ManifestLabels {
  return { uri: labels.uri, version: labels.version, events_applied: labels.eventsApplied, events_skipped: labels.eventsSkipped };
}

/** A store's rows with people's decisions applied: label and rank in the metadata, edited texts by row. */
export interface LabelledRows {
  table: RowTable;
  /** Rows whose metadata was rewritten (their signals are extracted again). */
  patched: number[];
  /** Edited text per row. */
  edits: Map<number, string>;
  /** The decision per row, for the review stage. */
  decisionOf: Map<number, RecordDecision>;
}

/**
 * Applies label and rank decisions to `metadata.label` / `metadata.rank`,
 * exactly as if the agent had logged them, so filters, scoring and the lines
 * written all see them. Metadata that is not a JSON object (or not valid
 * JSON) is left as it is: the record is listed (or refused) as before.
 */
export function labelRows(table: RowTable, decisions: LabelDecisions): LabelledRows {
  const decisionOf = new Map<number, RecordDecision>();
  if (decisions.records.size > 0) {
    for (let row = 0; row < table.length; row++) {
      const decision = decisions.records.get(table.id.at(row));
      if (decision) decisionOf.set(row, decision);
    }
  }
  const replacements = new Map<number, string>();
  const edits = new Map<number, string>();
  for (const [row, decision] of decisionOf) {
    if (decision.text) edits.set(row, decision.text.value);
    if (!decision.label && !decision.rank) continue;
    const patched = patchMetadata(table.metadata.text(row), decision);
    if (patched !== undefined) replacements.set(row, patched);
  }
  const labelled = replacements.size === 0 ? table : { ...table, metadata: table.metadata.withValues(replacements) };
  return { table: labelled, patched: [...replacements.keys()], edits, decisionOf };
}

function patchMetadata(text: string | null, decision: RecordDecision): string | undefined {
  const label = decision.label ? `"label":${JSON.stringify(decision.label.value)}` : undefined;
  const rank = decision.rank ? `"rank":${decision.rank.value}` : undefined;
  if (text === null) return `{${[label, rank].filter((field) => field !== undefined).join(',')}}`;
  // The common case, without a parse: an object naming neither key gets them in front (key order is not kept by serde_json anyway).
  const open = text.search(/\S/);
  if (open >= 0 && text[open] === '{' && !text.includes('"label"') && !text.includes('"rank"') && isJsonObject(text)) {
    const rest = text.slice(open + 1).trimStart();
    const fields = [label, rank].filter((field) => field !== undefined).join(',');
    return `{${fields}${rest.startsWith('}') ? '' : ','}${rest}`;
  }
  let value: unknown;
  try {
    value = parseLossless(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const metadata = value as Record<string, unknown>;
  if (decision.label) metadata.label = decision.label.value;
  if (decision.rank) metadata.rank = decision.rank.value;
  return stringifyLossless(metadata);
}

/** Whether `text` is valid JSON (an object, given its first character): invalid metadata is left as it is. */
function isJsonObject(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A text column with edited texts in place of the store's, and the store's own at hand. */
export interface EditedTextColumn extends TextColumn {
  original: TextColumn;
}

/** The store's texts behind a column that may carry edits. */
export function originalTextsOf(column: TextColumn): TextColumn {
  return (column as Partial<EditedTextColumn>).original ?? column;
}

/** A text column with edited texts in place of the store's: every stage after it reads the edit. */
export function editedTexts(base: TextColumn, edits: ReadonlyMap<number, string>): TextColumn {
  if (edits.size === 0) return base;
  const bytes = new Map<number, Buffer>();
  for (const [row, text] of edits) bytes.set(row, Buffer.from(text, 'utf8'));
  const column: EditedTextColumn = {
    original: base,
    text: (row) => edits.get(row) ?? base.text(row),
    utf8: (row) => bytes.get(row) ?? base.utf8(row),
    start: (row) => (bytes.has(row) ? 0 : base.start(row)),
    end: (row) => bytes.get(row)?.length ?? base.end(row),
    wordCount: (row) => {
      const edited = bytes.get(row);
      return edited ? countWords(edited, 0, edited.length) : base.wordCount(row);
    },
  };
  return column;
}

/**
 * The edit pairs of a group (`--edit-pairs`): one per assistant record a
 * person edited, the edit as chosen and the original as rejected, with the
 * group's prompt.
 */
export function editPairSpecs(table: RowTable, labels: AppliedLabels, prompt: number[], candidates: readonly number[]): ExampleSpec[] {
  if (labels.decisions.records.size === 0) return [];
  const specs: ExampleSpec[] = [];
  for (const row of candidates) {
    const edit = labels.decisions.records.get(table.id.at(row))?.text;
    if (edit) specs.push({ form: 'paired', prompt, chosen: row, rejected: row, edit: { eventId: edit.eventId, reviewer: edit.reviewer } });
  }
  return specs;
}

/** The standing tie on the pair of records `a` and `b`, if any. */
export function tieOf(labels: AppliedLabels | undefined, a: string, b: string): TieDecision | undefined {
  if (!labels || labels.decisions.ties.size === 0) return undefined;
  return labels.decisions.ties.get(tieKey(a, b));
}

/** Why a pair of exactly these two records is dropped, when a person tied them. */
export function tieReason(labels: AppliedLabels | undefined, chosen: string, rejected: string): string | undefined {
  const tie = tieOf(labels, chosen, rejected);
  return tie && decisionReason(`tied ${tie.records[0]} = ${tie.records[1]}`, tie);
}

/** The sentence an exclusion by a person's decision gives: "discarded by ana (event e1): broken tool call". */
export function decisionReason(what: string, source: DecisionSource): string {
  return `${what} by ${source.reviewer} (event ${source.eventId})${source.reason ? `: ${source.reason}` : ''}`;
}
