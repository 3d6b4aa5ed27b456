import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { inputError } from '../errors';
import { counterOfEncoding, GptEncoding } from './bundledCounter';
import { workerCounting } from './textCounting';

/** The OpenAI BPE encodings bundled with `gpt-tokenizer`. */
export type BundledEncoding = 'o200k_base' | 'cl100k_base';

export const BUNDLED_ENCODINGS: readonly BundledEncoding[] = ['o200k_base', 'cl100k_base'];

export type { TokenCounter } from './bundledCounter';
import type { TokenCounter } from './bundledCounter';

async function bundled(name: BundledEncoding): Promise<TokenCounter> {
  // Each encoding is megabytes of ranks: load only the one asked for.
  const encoding = name === 'o200k_base' ? await import('gpt-tokenizer/encoding/o200k_base') : await import('gpt-tokenizer/encoding/cl100k_base');
  // Its byte-pair core is private in the typings; 4.0.0 keeps it on the object.
  const gpt = encoding.default as unknown as GptEncoding;
  const counter = counterOfEncoding(name, gpt);
  const ranks = gpt.bytePairEncodingCoreProcessor?.bytePairRankDecoder;
  if (ranks !== undefined) counter.threads = () => workerCounting(counter, ranks);
  return counter;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw inputError(`${what} ${file} cannot be read`, { file, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw inputError(`${what} ${file} is not valid JSON`, { file, cause });
  }
}

async function huggingFace(spec: string): Promise<TokenCounter> {
  const isDir = await stat(spec).then((s) => s.isDirectory(), () => false);
  const file = isDir ? path.join(spec, 'tokenizer.json') : spec;
  const json = await readJson(file, 'tokenizer');
  const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
  const config = await stat(configFile).then(() => readJson(configFile, 'tokenizer config'), () => ({}));
  const { Tokenizer } = await import('@huggingface/tokenizers');
  let tokenizer: InstanceType<typeof Tokenizer>;
  try {
    tokenizer = new Tokenizer(json as object, config as object);
  } catch (cause) {
    throw inputError(`tokenizer ${file} cannot be loaded: ${(cause as Error).message}`, { file, cause });
  }
  // A rendered chat template already holds its BOS/EOS text: adding them again would count them twice.
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).ids;
  return { name: spec, encode, count: (text) => encode(text).length };
}

/**
 * A token counter for `o200k_base` or `cl100k_base` (bundled, offline), or
 * a Hugging Face `tokenizer.json` (a file, or a folder holding one; a
 * `tokenizer_config.json` beside it is read too). Loads nothing from a hub.
 *
 * @throws CuratorError (`input`) when the file is missing or not a tokenizer.
 * @example
 * const counter = await createTokenCounter('cl100k_base');
 * counter.encode('hello world'); // [15339, 1917]
 */
export async function createTokenCounter(spec: BundledEncoding | string): Promise<TokenCounter> {
  if (spec === 'o200k_base' || spec === 'cl100k_base') return bundled(spec);
  return huggingFace(spec);
}
