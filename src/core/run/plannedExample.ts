import { DegenerateReason, degenerateReason } from '../export/exampleNotes';
import { exampleObject } from '../export/exampleObjects';
import { ExampleSpec, picksOf } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { GroupList } from '../export/groupList';
import { ExampleForm } from '../formats/formatExample';
import { FormatStage, FormattedLine } from '../formats/formatStage';
import { toRustJson } from '../json/rustJson';
import { RecordSummary, summarizeRecord } from './groupDetail';
import { CandidateTurn, candidateTurnSpan, ExampleFlag } from '../export/turnExamples';

/** One example line and the group it came from. */
export interface PlannedExample {
  group: string;
  /** The JSONL line exactly as the export writes it (the trainer line for trl/openai). */
  line: string;
  /** The native line of the same example (trl/openai only), for comparing. */
  native?: string;
  /** Its provenance sidecar line (trl/openai only). */
  provenance?: string;
  /** Its tokens, when a tokenizer is set. */
  tokens?: number;
  /** Trainer lines: what the trainer computes the loss on. */
  loss?: string;
  /** With a chat template: the training text the line renders to (its first sequence). */
  rendered?: string;
  /** Where the loss applies in `rendered`: [start, end) character spans. */
  lossSpans?: [number, number][];
  /** Tokens of `rendered` itself (the line's `tokens` is its longest sequence's). */
  renderedTokens?: number;
  /** The records shown as completions (chosen then rejected, ranked order, responses; all for SFT). */
  records: RecordSummary[];
  /** Set when the example is degenerate (written, but of little use to a trainer). */
  degenerate?: DegenerateReason;
  /** Marks on an example written unchanged: `candidates_span_turns` when its candidates answer different turns. */
  flags?: ExampleFlag[];
  /** With `candidates_span_turns`: the turns its candidates answer. */
  turns?: CandidateTurn[];
}

/** An example as `decideExport` decided it, before it is serialized: enough to build its line on demand. */
export interface DecidedExample {
  /** Its group's number in its output's groups. */
  group: number;
  spec: ExampleSpec;
  /** What the format stage let through, when there is one. */
  formatted?: FormattedLine;
}

/** Serializes a decided example for the preview: its line as written, the native line beside a trainer line, its records. */
export function plannedExampleOf(source: RecordSource, format: FormatStage | undefined, groups: GroupList, example: DecidedExample): PlannedExample {
  const { spec, formatted } = example;
  const group = groups.at(example.group);
  const native = toRustJson(exampleObject(source, group, spec));
  const degenerate = degenerateReason(source, group, spec);
  const records = picksOf(spec, group).map((row) => summarizeRecord(source, row));
  const turns = candidateTurnSpan(source, group, spec);
  const marks = turns ? { flags: ['candidates_span_turns' as const], turns } : {};
  if (formatted?.text === undefined) return { group: group.key, line: native, tokens: formatted?.tokens, records, degenerate, ...marks };
  return {
    group: group.key,
    line: formatted.text,
    native,
    provenance: formatted.provenance,
    tokens: formatted.tokens,
    ...trainingOf(format, formatted.form, formatted.text),
    records,
    degenerate,
    ...marks,
  };
}

/** The loss scope and rendered training text of a shown trainer line (only a few per preview). */
function trainingOf(stage: FormatStage | undefined, form: ExampleForm | undefined, line: string): Pick<PlannedExample, 'loss' | 'rendered' | 'lossSpans' | 'renderedTokens'> {
  if (!stage || !form) return {};
  const { loss, rendered, lossSpans, renderedTokens } = stage.trainingView(form, JSON.parse(line));
  return { ...(loss ? { loss: loss.description } : {}), ...(rendered !== undefined ? { rendered } : {}), ...(lossSpans ? { lossSpans } : {}), ...(renderedTokens !== undefined ? { renderedTokens } : {}) };
}
