import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { inputError } from '../errors';
import { AsciiPieceMemo } from './asciiPieceMemo';
import { CodeUnits, forEachO200kPiece, O200K_SPLIT_SOURCE, o200kRegex } from './o200kPieces';

/** The OpenAI BPE encodings bundled with `gpt-tokenizer`. */
export type BundledEncoding = 'o200k_base' | 'cl100k_base';

export const BUNDLED_ENCODINGS: readonly BundledEncoding[] = ['o200k_base', 'cl100k_base'];

/** A tokenizer that counts the tokens of a text, named for the stats block. */
export interface TokenCounter {
  /** `o200k_base`, `cl100k_base`, or the tokenizer.json path given. */
  name: string;
  encode(text: string): number[];
  count(text: string): number;
}

interface GptEncoding {
  encode(text: string, options?: { allowedSpecial?: 'all' }): number[];
  countTokens(text: string): number;
  /** The encoding object; its byte-pair core holds the pre-tokenizer regex (gpt-tokenizer 4.0.0). */
  default?: unknown;
}

/** Distinct pre-tokenized pieces whose counts are remembered before the memo starts over. */
const PIECE_MEMO_SIZE = 1 << 18;

/** The count of a piece, remembered per piece in a map (pieces the ASCII memo does not take). */
function mapMemo(countPiece: (piece: string) => number): (piece: string) => number {
  const memo = new Map<string, number>();
  return (piece) => {
    let count = memo.get(piece);
    if (count === undefined) {
      count = countPiece(piece);
      if (memo.size >= PIECE_MEMO_SIZE) memo.clear();
      memo.set(piece, count);
    }
    return count;
  };
}

/**
 * o200k_base's count: ASCII pieces scanned by character code and looked up
 * in place ({@link AsciiPieceMemo}), the rest taken with the regex.
 */
function o200kCounter(countPiece: (piece: string) => number): (text: string) => number {
  const ascii = new AsciiPieceMemo(countPiece);
  const other = mapMemo(countPiece);
  const regex = o200kRegex();
  const codeUnits = new CodeUnits();
  let total = 0;
  let current = '';
  const onAscii = (units: Uint16Array, start: number, end: number) => {
    total += ascii.count(current, units, start, end);
  };
  const onOther = (piece: string) => {
    total += other(piece);
  };
  return (text) => {
    total = 0;
    current = text;
    forEachO200kPiece(text, codeUnits, regex, onAscii, onOther);
    current = '';
    return total;
  };
}

/**
 * Counts text without special-token text: the sum, over the encoding's
 * pre-tokenizer pieces, of each piece's token count, remembered per piece.
 * That is what gpt-tokenizer's own count does, minus its per-piece rank
 * lookup and LRU shuffle, which dominated export time with a tokenizer.
 * Falls back to `countTokens` when the regex is not where 4.0.0 keeps it.
 */
function plainCounter(encoding: GptEncoding): (text: string) => number {
  const core = (encoding.default as { bytePairEncodingCoreProcessor?: { tokenSplitRegex?: unknown } } | undefined)?.bytePairEncodingCoreProcessor;
  const split = core?.tokenSplitRegex;
  if (!(split instanceof RegExp) || !split.global) return (text) => encoding.countTokens(text);
  const countPiece = (piece: string) => encoding.countTokens(piece);
  if (split.source === O200K_SPLIT_SOURCE && split.flags === 'gu') return o200kCounter(countPiece);
  const piece = mapMemo(countPiece);
  return (text) => {
    let total = 0;
    // `match` with a global regex returns the pieces alone: no match object per piece, as `matchAll` makes.
    const pieces = text.match(split);
    if (pieces === null) return 0;
    for (let i = 0; i < pieces.length; i++) total += piece(pieces[i]);
    return total;
  };
}

async function bundled(name: BundledEncoding): Promise<TokenCounter> {
  // Each encoding is megabytes of ranks: load only the one asked for.
  const encoding: GptEncoding =
    name === 'o200k_base' ? await import('gpt-tokenizer/encoding/o200k_base') : await import('gpt-tokenizer/encoding/cl100k_base');
  const encode = (text: string) => encodeWithSpecials(encoding, text);
  // Counting is the export's hot path: text without special-token text is counted without
  // building the token array or the per-call special-token sets `allowedSpecial` costs.
  const plain = plainCounter(encoding);
  const count = (text: string) => (text.includes('<|') ? encode(text).length : plain(text));
  return { name, encode, count };
}

const SPECIAL_CANDIDATE = /<\|[A-Za-z0-9_]+\|>/g;

/**
 * Encodes text with special-token text (`<|endoftext|>`, chat markers)
 * counted as the one token a model sees, as tiktoken's `allowed_special="all"`
 * does. gpt-tokenizer 4.0.0 looks for allowed specials with a sticky regex
 * from the search position only, so it finds them only at the start of the
 * text; splitting at them here, and encoding the pieces apart, is what
 * tiktoken does anyway.
 */
function encodeWithSpecials(encoding: GptEncoding, text: string): number[] {
  const out: number[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL_CANDIDATE)) {
    const special = encoding.encode(match[0], { allowedSpecial: 'all' });
    if (special.length !== 1) continue;
    if (match.index > last) out.push(...encoding.encode(text.slice(last, match.index), { allowedSpecial: 'all' }));
    out.push(special[0]);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(...encoding.encode(last === 0 ? text : text.slice(last), { allowedSpecial: 'all' }));
  return out;
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
