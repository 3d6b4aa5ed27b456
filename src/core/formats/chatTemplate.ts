import { readFileSync } from 'node:fs';
import { inputError } from '../errors';

type Jinja = typeof import('@huggingface/jinja', { with: { 'resolution-mode': 'import' } });
type Template = InstanceType<Jinja['Template']>;

// The package ships a CommonJS build; its types are declared as ESM only, and
// rendering must stay synchronous (it runs inside the per-example loop).
const { Template } = require('@huggingface/jinja') as Jinja;

/** A model's chat template with the special tokens it refers to. */
export interface ChatTemplate {
  source: string;
  bosToken?: string;
  eosToken?: string;
  /** Where it came from (a file path, or "inline"), for error messages. */
  origin: string;
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}

/** True when the text is template source rather than a path. */
function isTemplateSource(value: string): boolean {
  return value.includes('{{') || value.includes('{%');
}

/**
 * A chat template from its source text, or from a file: a
 * `tokenizer_config.json` (its `chat_template`: a string, or a list of
 * `{name, template}` where the `tool_use` one is taken when `withTools` and
 * present, else `default`) or a bare Jinja template (`.jinja`, `.j2`, …).
 *
 * @throws CuratorError (`input`) when the file cannot be read or holds no template.
 */
export function loadChatTemplate(sourceOrPath: string, options: { withTools?: boolean } = {}): ChatTemplate {
  if (isTemplateSource(sourceOrPath)) return { source: sourceOrPath, origin: 'inline' };
  let text: string;
  try {
    text = readFileSync(sourceOrPath, 'utf8');
  } catch (cause) {
    throw inputError(`chat template ${sourceOrPath} cannot be read`, { file: sourceOrPath, cause });
  }
  return chatTemplateOfFile(sourceOrPath, text, options);
}

/**
 * Whether a template file's text is a tokenizer config (JSON) rather than
 * Jinja: by its `.json` name, else by being a JSON object. Not by a leading
 * `{`: most Jinja templates start with `{%-` or `{{`.
 */
function isTokenizerConfig(file: string, text: string): boolean {
  if (/\.json$/i.test(file)) return true;
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** {@link loadChatTemplate} of a file already read: a tokenizer config's template, or the text itself. */
export function chatTemplateOfFile(file: string, text: string, options: { withTools?: boolean } = {}): ChatTemplate {
  if (!isTokenizerConfig(file, text)) return { source: text, origin: file };
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text);
  } catch (cause) {
    throw inputError(`tokenizer config ${file} cannot be read as JSON`, { file, cause });
  }
  let source: unknown = config.chat_template;
  if (Array.isArray(source)) {
    const named = (name: string) => source && (source as { name?: unknown; template?: unknown }[]).find((t) => t.name === name)?.template;
    source = (options.withTools ? named('tool_use') : undefined) ?? named('default');
  }
  if (typeof source !== 'string') throw inputError(`tokenizer config ${file} has no chat_template`, { file, field: 'chat_template' });
  return { source, bosToken: tokenText(config.bos_token), eosToken: tokenText(config.eos_token), origin: file };
}

const compiled = new Map<string, Template>();

function compile(template: ChatTemplate): Template {
  let result = compiled.get(template.source);
  if (!result) {
    try {
      result = new Template(template.source);
    } catch (cause) {
      throw inputError(`chat template from ${template.origin} does not parse: ${(cause as Error).message}`, { file: template.origin, cause });
    }
    compiled.set(template.source, result);
  }
  return result;
}

/**
 * Renders messages (and tools) through a chat template exactly as
 * Transformers' `apply_chat_template(tokenize=False)` passes them:
 * `messages`, `tools`, `add_generation_prompt`, `bos_token`, `eos_token`.
 *
 * @param template template source, a `tokenizer_config.json` path, or a loaded {@link ChatTemplate}
 *   (pass a loaded one in per-example loops: a path is read on every call)
 * @throws CuratorError (`input`) when the template raises (e.g. its `raise_exception`) or does not parse.
 * @example
 * renderChatTemplate('test/fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json', line.messages, line.tools, { addGenerationPrompt: false });
 */
export function renderChatTemplate(
  template: string | ChatTemplate,
  messages: readonly object[],
  tools: readonly object[] | undefined,
  options: { addGenerationPrompt: boolean },
): string {
  const loaded = typeof template === 'string' ? loadChatTemplate(template, { withTools: (tools?.length ?? 0) > 0 }) : template;
  const context: Record<string, unknown> = {
    messages,
    add_generation_prompt: options.addGenerationPrompt,
    bos_token: loaded.bosToken ?? '',
    eos_token: loaded.eosToken ?? '',
  };
  if (tools && tools.length > 0) context.tools = tools;
  try {
    return compile(loaded).render(context);
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'CuratorError') throw cause;
    throw inputError(`chat template from ${loaded.origin} failed: ${(cause as Error).message}`, { file: loaded.origin, cause });
  }
}
