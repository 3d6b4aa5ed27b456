import { LineOutcome } from './convertedLine';
import { Flavour, FormatExampleBody, FormatRecord } from './formatExample';
import { OPENAI_LINES } from './openaiLines';
import { RankedPairsMode } from './rankedPairs';
import { collectRecordTools, ToolSchema } from './toolSchemas';
import { LineFlavour, trainerLines } from './trainerLines';
import { TRL_LINES } from './trlLines';

export interface ConvertOptions {
  flavour: Flavour;
  /** Tools written on every example (a loaded `--tools` file); when omitted, each example's records declare their own. */
  tools?: ToolSchema[];
  /** How a ranked list becomes pairs (default `best-worst`). */
  rankedPairs?: RankedPairsMode;
  /** Write `margin` = chosen reward − rejected reward on ranked pairs (TRL; OpenAI's DPO has no such column). */
  margin?: boolean;
}

/** What each flavour writes its own way; the rest of a line is {@link trainerLines}'. */
const LINE_FLAVOURS: Record<Flavour, LineFlavour> = { trl: TRL_LINES, openai: OPENAI_LINES };

function recordsOf(example: FormatExampleBody): FormatRecord[] {
  switch (example.form) {
    case 'sft':
      return example.records;
    case 'paired':
      return [...example.prompt, example.chosen, example.rejected];
    case 'unpaired':
      return [...example.prompt, example.completion];
    case 'ranked':
      return [...example.prompt, ...example.candidates.map((c) => c.record)];
    case 'rollout':
      return [...example.prompt, ...example.responses];
  }
}

/**
 * Converts one decided example to the lines of a trainer flavour: one
 * outcome per line (a ranked list gives one per pair), each either a line to
 * write or the reason a trainer would reject it. Nothing broken is returned
 * as a line.
 *
 * @throws CuratorError (`usage`) for OpenAI + unpaired; check first with {@link assertFlavourSupports}.
 * @example
 * for (const outcome of convertExample(example, { flavour: 'trl' })) {
 *   if ('dropped' in outcome) countDrop(outcome.dropped);
 *   else write(JSON.stringify(outcome.line) + '\n');
 * }
 */
export function convertExample(example: FormatExampleBody, options: ConvertOptions): LineOutcome[] {
  const tools = options.tools ?? collectRecordTools(recordsOf(example));
  const rankedPairs = options.rankedPairs ?? 'best-worst';
  return trainerLines(example, LINE_FLAVOURS[options.flavour], { tools, rankedPairs, margin: options.margin ?? false });
}
