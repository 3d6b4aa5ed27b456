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
import { countLineTokens, maxTokensReason, tokenSequences, tokenStatsOf } from './tokenStats';
import { LossMask, lossMaskOf } from './lossMask';
import { loadToolsFile } from './toolsFile';
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

/** Tokens of a native line: the longest prompt + completion a trainer would build from it. */
function nativeTokens(object: Record<string, unknown>, spec: ExampleSpec, count: (form: ExampleForm, line: Record<string, unknown>) => number): number {
  const many = spec.form === 'ranked' ? object.candidates : spec.form === 'rollout' ? object.responses : undefined;
  if (!Array.isArray(many)) return count(spec.form, object);
  let max = 0;
  for (const item of many as { messages: unknown }[]) max = Math.max(max, count('unpaired', { prompt: object.prompt, completion: item.messages }));
  return max;
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

  /** The tokens of a line, or the reason it is dropped. */
  const measure = (form: ExampleForm, line: Record<string, unknown>): { tokens?: number; dropped?: string } => {
    if (!counter) return {};
    let tokens: number;
    try {
      const hasTools = Array.isArray(line.tools) || Array.isArray((line.input as { tools?: unknown } | undefined)?.tools);
      tokens = countLineTokens(form, line, counter, template?.(hasTools));
    } catch (error) {
      if (CuratorError.is(error) && error.kind === 'input') return { dropped: error.message };
      throw error;
    }
    const over = config.maxTokens !== undefined ? maxTokensReason(tokens, config.maxTokens) : undefined;
    return over ? { tokens, dropped: over } : { tokens };
  };

  const nativeLines = (source: RecordSource, group: Group, spec: ExampleSpec): FormattedExample => {
    const recordIds = messageRowsOf(spec, group).map((row) => source.table.id.at(row));
    const object = exampleObject(source, group, spec) as Record<string, unknown>;
    let result: { tokens?: number; dropped?: string };
    try {
      result = { tokens: nativeTokens(object, spec, (form, line) => countLineTokens(form, line, counter!, template?.(false))) };
      const over = config.maxTokens !== undefined ? maxTokensReason(result.tokens!, config.maxTokens) : undefined;
      if (over) result.dropped = over;
    } catch (error) {
      if (!(CuratorError.is(error) && error.kind === 'input')) throw error;
      result = { dropped: error.message };
    }
    if (result.dropped !== undefined) return { lines: [], excluded: [{ group: group.key, record_ids: recordIds, reason: result.dropped }] };
    return { lines: [{ tokens: result.tokens, form: spec.form, recordIds }], excluded: [] };
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
    linesOf(source, group, spec) {
      if (format === 'native') return nativeLines(source, group, spec);
      const example = formatExampleFromSpec(source, group, spec);
      const outcomes = convertExample(example, { flavour: format, tools, rankedPairs: config.rankedPairs, margin: config.margin });
      const result: FormattedExample = { lines: [], excluded: [] };
      for (const outcome of outcomes) {
        if (isDroppedLine(outcome)) {
          result.excluded.push({ group: group.key, record_ids: outcome.recordIds, reason: outcome.dropped });
          continue;
        }
        const { tokens, dropped } = measure(outcome.form, outcome.line);
        if (dropped !== undefined) {
          result.excluded.push({ group: group.key, record_ids: outcome.recordIds, reason: dropped });
          continue;
        }
        result.lines.push({
          text: JSON.stringify(outcome.line),
          provenance: JSON.stringify(provenanceLine(example, outcome)),
          tokens,
          form: outcome.form,
          recordIds: outcome.recordIds,
        });
      }
      return result;
    },
  };
}

/** The stats block of the counted lines: the tokenizer's name, the method and the distribution. */
export function formatTokenStats(stage: FormatStage, counts: number[]): TokenStats | undefined {
  return stage.tokenizer === undefined ? undefined : tokenStatsOf(counts, stage.tokenizer, stage.method);
}
