import { lossSpansOf } from './lossSpans';
import { existsSync, readFileSync } from 'node:fs';
import { CuratorError, fileReadError, inputError } from '../errors';
import { exampleObject } from '../export/exampleObjects';
import { ExampleSpec, messageRowsOf } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { Group } from '../export/groupList';
import { optionError } from '../options/optionError';
import { OutputFormat } from '../options/optionSpecs';
import { ResolvedExportOptions } from '../options/resolveExportOptions';
import { ChatTemplate, chatTemplateOfFile, renderChatTemplate } from './chatTemplate';
import { convertExample } from './convertExample';
import { isDroppedLine } from './convertedLine';
import { ExampleForm } from './formatExample';
import { formatExampleFromSpec } from './formatExampleFromSpec';
import { provenanceLine } from './provenanceLine';
import { BUNDLED_ENCODINGS, createTokenCounter, TokenCounter } from './tokenCounter';
import type { TokenStats } from '../export/distribution';
import { lineTokenPlan, maxTokensReason, TokenPlan, tokenSequences, tokensOfPlan, tokenStatsOf } from './tokenStats';
import { LossMask, lossMaskOf } from './lossMask';
import { loadToolsFile } from './toolsFile';
import { TextCounting } from './bundledCounter';
import { ToolSchema } from './toolSchemas';

/** One line the format stage lets through, in output order. */
export interface FormattedLine {
  /** The trainer line as written (without its newline); absent for native lines, which are written from the spec. */
  text?: string;
  /** Line *i* of `<out>.provenance.jsonl` for trainer line *i* (without its newline). */
  provenance?: string;
  /** Tokens of the line, when a tokenizer is set. */
  tokens?: number;
  form: ExampleForm;
  recordIds: string[];
}

/** An example (or ranked pair) the format stage dropped: a flavour rule or the token limit. */
export interface ExcludedExample {
  group: string;
  record_ids: string[];
  reason: string;
}

/** One outcome of an example, converted but not counted: a line with its token plan, or a drop. */
type PreparedLine =
  | { dropped: string; recordIds: string[] }
  | { text?: string; provenance?: string; plan?: TokenPlan; form: ExampleForm; recordIds: string[] };

/** A decided example converted, its token counts still to come ({@link FormatStage.prepare}). */
export interface PreparedExample {
  group: string;
  lines: PreparedLine[];
}

/** What the format stage makes of one decided example. */
export interface FormattedExample {
  lines: FormattedLine[];
  excluded: ExcludedExample[];
}

/**
 * The last stage of the funnel, after examples are decided: converts each to
 * trainer lines (`trl`/`openai`), counts its tokens and drops what a trainer
 * would refuse or what exceeds the token limit. Absent (undefined from
 * {@link createFormatStage}) for native lines without a tokenizer, so that
 * export stays byte-identical to export.rs.
 */
export interface FormatStage {
  format: OutputFormat;
  /** The tokenizer's name, when counting. */
  tokenizer?: string;
  method: TokenStats['method'];
  linesOf(source: RecordSource, group: Group, spec: ExampleSpec): FormattedExample;
  /**
   * The first half of {@link linesOf}: the example converted, its lines' token
   * plans made, nothing counted yet. {@link finish} with counts of
   * {@link textsToCount} (another thread's) gives what `linesOf` gives.
   */
  prepare(source: RecordSource, group: Group, spec: ExampleSpec): PreparedExample;
  /** The texts a prepared example's counts need, in the order `finish` asks for them. */
  textsToCount(prepared: PreparedExample, into: string[]): void;
  /** The lines of a prepared example; `count` (default: this thread's tokenizer) is called once per text of {@link textsToCount}, in order. */
  finish(prepared: PreparedExample, count?: (text: string) => number): FormattedExample;
  /** Counting on worker threads (started on first call), or undefined: count in place. */
  counting(): TextCounting | undefined;
  /**
   * For the preview of one written trainer line: what the trainer learns
   * from it, and (with a chat template) the training text it renders, the
   * first sequence a trainer builds (SFT messages; prompt + chosen).
   */
  trainingView(form: ExampleForm, line: Record<string, unknown>): { loss?: LossMask; rendered?: string; lossSpans?: [number, number][]; renderedTokens?: number };
}

/** Throws a usage error naming the tokenizer option when the value is neither a bundled encoding nor a file. */
async function loadCounter(spec: string): Promise<TokenCounter> {
  if (!(BUNDLED_ENCODINGS as readonly string[]).includes(spec) && !existsSync(spec)) {
    throw optionError('tokenizer', `unknown tokenizer '${spec}': use ${BUNDLED_ENCODINGS.join(', ')} or the path of a tokenizer.json (file or folder)`);
  }
  return createTokenCounter(spec);
}

/** A template file: a tokenizer_config.json (its `chat_template`) or a bare Jinja template. */
function templateLoader(file: string): (withTools: boolean) => ChatTemplate {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw fileReadError('chat template', file, cause, 'chatTemplate');
  }
  const cache = new Map<boolean, ChatTemplate>();
  return (withTools) => {
    let template = cache.get(withTools);
    if (!template) {
      template = chatTemplateOfFile(file, text, { withTools });
      cache.set(withTools, template);
    }
    return template;
  };
}

/** A template file loaded and tried: one that cannot be read or does not parse fails the export here; one that raises on a line drops that line. */
function probedTemplate(file: string): (withTools: boolean) => ChatTemplate {
  const template = templateLoader(file);
  const probe = template(false);
  try {
    renderChatTemplate(probe, [{ role: 'user', content: 'x' }], undefined, { addGenerationPrompt: true });
  } catch (error) {
    if (CuratorError.is(error) && error.message.includes('does not parse')) throw error;
  }
  return template;
}

/** Runs `load`, naming `option` in an error it throws about its file, so a panel shows it under that option's control. */
function aboutOption<T>(option: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (CuratorError.is(error) && error.details.option === undefined) throw new CuratorError(error.kind, error.message, { ...error.details, option });
    throw error;
  }
}

/** The token plan of a native line: the longest prompt + completion a trainer would build from it. */
function nativeTokenPlan(object: Record<string, unknown>, spec: ExampleSpec, plan: (form: ExampleForm, line: Record<string, unknown>) => TokenPlan): TokenPlan {
  const many = spec.form === 'ranked' ? object.candidates : spec.form === 'rollout' ? object.responses : undefined;
  if (!Array.isArray(many)) return plan(spec.form, object);
  // The longest of every item's sequences is the longest item's longest sequence.
  return { sequences: (many as { messages: unknown }[]).flatMap((item) => plan('unpaired', { prompt: object.prompt, completion: item.messages }).sequences) };
}

/**
 * Prepares the format stage of an export (loads the tools file, the
 * tokenizer and the chat template); undefined when there is nothing to do.
 *
 * @throws CuratorError (`usage`, option `tokenizer`) for an unknown tokenizer; (`input`) for unreadable files.
 */
export async function createFormatStage(config: ResolvedExportOptions): Promise<FormatStage | undefined> {
  const { format } = config;
  if (format === 'native' && config.tokenizer === undefined) return undefined;
  const tools: ToolSchema[] | undefined = config.tools !== undefined ? await loadToolsFile(config.tools) : undefined;
  const counter = config.tokenizer !== undefined ? await loadCounter(config.tokenizer) : undefined;
  const template = config.chatTemplate !== undefined ? aboutOption('chatTemplate', () => probedTemplate(config.chatTemplate!)) : undefined;
  const method: TokenStats['method'] = template ? 'chat_template' : 'cookbook_estimate';

  /** A line's token plan, or why it is dropped (the template raised on it). */
  const planOf = (form: ExampleForm, line: Record<string, unknown>, withTools: boolean): { plan?: TokenPlan; dropped?: string } => {
    if (!counter) return {};
    try {
      return { plan: lineTokenPlan(form, line, template?.(withTools)) };
    } catch (error) {
      if (CuratorError.is(error) && error.kind === 'input') return { dropped: error.message };
      throw error;
    }
  };

  const prepareNative = (source: RecordSource, group: Group, spec: ExampleSpec): PreparedExample => {
    const recordIds = messageRowsOf(spec, group).map((row) => source.table.id.at(row));
    const object = exampleObject(source, group, spec) as Record<string, unknown>;
    try {
      const plan = nativeTokenPlan(object, spec, (form, line) => lineTokenPlan(form, line, template?.(false)));
      return { group: group.key, lines: [{ plan, form: spec.form, recordIds }] };
    } catch (error) {
      if (!(CuratorError.is(error) && error.kind === 'input')) throw error;
      return { group: group.key, lines: [{ dropped: error.message, recordIds }] };
    }
  };

  const prepare = (source: RecordSource, group: Group, spec: ExampleSpec): PreparedExample => {
    if (format === 'native') return prepareNative(source, group, spec);
    const example = formatExampleFromSpec(source, group, spec);
    const outcomes = convertExample(example, { flavour: format, tools, rankedPairs: config.rankedPairs, margin: config.margin });
    const lines: PreparedLine[] = [];
    for (const outcome of outcomes) {
      if (isDroppedLine(outcome)) {
        lines.push({ dropped: outcome.dropped, recordIds: outcome.recordIds });
        continue;
      }
      const hasTools = Array.isArray(outcome.line.tools) || Array.isArray((outcome.line.input as { tools?: unknown } | undefined)?.tools);
      const { plan, dropped } = planOf(outcome.form, outcome.line, hasTools);
      if (dropped !== undefined) lines.push({ dropped, recordIds: outcome.recordIds });
      // Serialised now: a batch waiting for its counts holds strings, not object trees for the collector to trace.
      else lines.push({ text: JSON.stringify(outcome.line), provenance: JSON.stringify(provenanceLine(example, outcome)), plan, form: outcome.form, recordIds: outcome.recordIds });
    }
    return { group: group.key, lines };
  };

  const finish = (prepared: PreparedExample, count: (text: string) => number = counter ? counter.count : () => 0): FormattedExample => {
    const result: FormattedExample = { lines: [], excluded: [] };
    for (const line of prepared.lines) {
      if ('dropped' in line) {
        result.excluded.push({ group: prepared.group, record_ids: line.recordIds, reason: line.dropped });
        continue;
      }
      const tokens = line.plan ? tokensOfPlan(line.plan, count) : undefined;
      const over = tokens !== undefined && config.maxTokens !== undefined ? maxTokensReason(tokens, config.maxTokens) : undefined;
      if (over !== undefined) {
        result.excluded.push({ group: prepared.group, record_ids: line.recordIds, reason: over });
        continue;
      }
      result.lines.push({
        ...(line.text !== undefined ? { text: line.text, provenance: line.provenance } : {}),
        tokens,
        form: line.form,
        recordIds: line.recordIds,
      });
    }
    return result;
  };

  return {
    format,
    tokenizer: counter?.name,
    method,
    trainingView(form, line) {
      const loss = format === 'native' ? undefined : lossMaskOf(format, form, line);
      const [sequence] = tokenSequences(form, line);
      if (!template || !sequence) return { loss };
      try {
        const rendered = renderChatTemplate(template((sequence.tools?.length ?? 0) > 0), sequence.messages, sequence.tools, { addGenerationPrompt: sequence.addGenerationPrompt });
        // The rendered sequence's own count: a preference line counts as its longest sequence, which may be the other one.
        return { loss, rendered, lossSpans: loss ? lossSpansOf(rendered, loss, line) : undefined, renderedTokens: counter?.count(rendered) };
      } catch {
        // A line whose template raised was dropped; nothing to show.
        return { loss };
      }
    },
    linesOf: (source, group, spec) => finish(prepare(source, group, spec)),
    counting: () => counter?.threads?.(),
    prepare,
    finish,
    textsToCount(prepared, into) {
      for (const line of prepared.lines) if ('plan' in line && line.plan) for (const sequence of line.plan.sequences) for (const text of sequence.texts) into.push(text);
    },
  };
}

/** The stats block of the counted lines: the tokenizer's name, the method and the distribution. */
export function formatTokenStats(stage: FormatStage, counts: number[]): TokenStats | undefined {
  return stage.tokenizer === undefined ? undefined : tokenStatsOf(counts, stage.tokenizer, stage.method);
}
