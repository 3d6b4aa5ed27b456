import { formatCount } from '../strings/formatCount';
import { distributionOf, TokenStats } from '../export/distribution';
import { ChatTemplate, renderChatTemplate } from './chatTemplate';
import { ExampleForm } from './formatExample';
import { TokenCounter } from './tokenCounter';

/** One token sequence a trainer builds from a line: the messages it renders and whether a generation prompt follows. */
export interface TokenSequence {
  messages: object[];
  tools?: object[];
  addGenerationPrompt: boolean;
}

const list = (value: unknown): object[] => (Array.isArray(value) ? (value as object[]) : []);

/**
 * The sequences a trainer tokenizes from a line (TRL or OpenAI shape):
 * `messages` as is; prompt + each completion (chosen, rejected); an
 * OpenAI DPO input + each output; a rollout prompt (TRL `prompt`, OpenAI
 * RFT `messages`) with the generation prompt.
 */
export function tokenSequences(form: ExampleForm, line: Record<string, unknown>): TokenSequence[] {
  const input = line.input as { messages?: unknown; tools?: unknown } | undefined;
  const tools = list(line.tools ?? input?.tools);
  const withTools = tools.length > 0 ? { tools } : {};
  if (input) {
    return [line.preferred_output, line.non_preferred_output].map((output) => ({ messages: [...list(input.messages), ...list(output)], addGenerationPrompt: false, ...withTools }));
  }
  if (Array.isArray(line.messages)) return [{ messages: line.messages, addGenerationPrompt: form === 'rollout', ...withTools }];
  const prompt = list(line.prompt);
  const completions = [line.chosen, line.rejected, line.completion].filter(Array.isArray) as object[][];
  if (completions.length === 0) return [{ messages: prompt, addGenerationPrompt: true, ...withTools }];
  return completions.map((completion) => ({ messages: [...prompt, ...completion], addGenerationPrompt: false, ...withTools }));
}

/**
 * What a line's token count adds up to, before any text is counted: per
 * sequence a fixed number of tokens and the texts whose counts add to it.
 * The line counts as its longest sequence. Counting the texts apart (on
 * another thread) and then {@link tokensOfPlan} gives what counting in place
 * gives.
 */
export interface TokenPlan {
  sequences: { fixed: number; texts: string[] }[];
}

/**
 * OpenAI's cookbook estimate of a message list's tokens (3 per message, the
 * encoded value of each field, 1 for a name, 3 to prime the reply): what the
 * count is without a chat template, since OpenAI publishes none.
 */
function estimatePlan(messages: object[]): TokenPlan['sequences'][number] {
  let fixed = 3;
  const texts: string[] = [];
  for (const message of messages) {
    fixed += 3;
    for (const [key, value] of Object.entries(message)) {
      texts.push(typeof value === 'string' ? value : JSON.stringify(value));
      if (key === 'name') fixed += 1;
    }
  }
  return { fixed, texts };
}

/** The cookbook estimate of a message list's tokens (see {@link estimatePlan}). */
export function estimateMessageTokens(counter: TokenCounter, messages: object[]): number {
  return tokensOfPlan({ sequences: [estimatePlan(messages)] }, counter.count);
}

/**
 * The plan of a line's tokens: each of its sequences rendered through the
 * chat template (one text), or estimated (cookbook) without one.
 *
 * @throws CuratorError (`input`) when the template raises on the line.
 */
export function lineTokenPlan(form: ExampleForm, line: Record<string, unknown>, template?: ChatTemplate): TokenPlan {
  return {
    sequences: tokenSequences(form, line).map((sequence) =>
      template ? { fixed: 0, texts: [renderChatTemplate(template, sequence.messages, sequence.tools, { addGenerationPrompt: sequence.addGenerationPrompt })] } : estimatePlan(sequence.messages),
    ),
  };
}

/** Tokens of a planned line: its longest sequence. `count` is called once per text, in plan order. */
export function tokensOfPlan(plan: TokenPlan, count: (text: string) => number): number {
  let max = 0;
  for (const sequence of plan.sequences) {
    let tokens = sequence.fixed;
    for (const text of sequence.texts) tokens += count(text);
    if (tokens > max) max = tokens;
  }
  return max;
}

/**
 * Tokens of a line: the longest of its sequences, each rendered through the
 * chat template and counted exactly, or estimated (cookbook) without one.
 */
export function countLineTokens(form: ExampleForm, line: Record<string, unknown>, counter: TokenCounter, template?: ChatTemplate): number {
  return tokensOfPlan(lineTokenPlan(form, line, template), counter.count);
}

/** The stats' `example_tokens` block: the tokenizer, how lines were counted, and the distribution of the per-line counts. */
export function tokenStatsOf(counts: number[], tokenizer: string, method: TokenStats['method']): TokenStats {
  return { tokenizer, method, ...(distributionOf(counts) ?? { count: 0 }) };
}

/**
 * The drop reason of the maxTokens filter, or undefined when the line fits.
 *
 * @example
 * maxTokensReason(1283, 1024) // "1,283 tokens > 1,024"
 */
export function maxTokensReason(tokens: number, maxTokens: number): string | undefined {
  return tokens > maxTokens ? `${formatCount(Math.trunc(tokens))} tokens > ${formatCount(Math.trunc(maxTokens))}` : undefined;
}
