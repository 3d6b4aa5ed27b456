/**
 * Counting with a gpt-tokenizer encoding: what `createTokenCounter` gives for
 * `o200k_base` and `cl100k_base`, apart from loading the encoding, so a
 * worker thread builds the very same counter from the ranks it is sent.
 */
import { AsciiPieceMemo } from './asciiPieceMemo';
import { CodeUnits, forEachO200kPiece, O200K_SPLIT_SOURCE, o200kRegex } from './o200kPieces';

/** A tokenizer that counts the tokens of a text, named for the stats block. */
export interface TokenCounter {
  /** `o200k_base`, `cl100k_base`, or the tokenizer.json path given. */
  name: string;
  encode(text: string): number[];
  count(text: string): number;
  /** The same counting on worker threads, when this counter can be rebuilt there and threads are available. */
  threads?(): TextCounting | undefined;
}

/** Counts texts off the main thread (textCounting.ts counts on worker threads): the counts of `texts`, in order. */
export interface TextCounting {
  count(texts: string[]): Promise<Int32Array>;
}

/** What is used of a gpt-tokenizer encoding (its `GptEncoding` object, 4.0.0). */
export interface GptEncoding {
  encode(text: string, options?: { allowedSpecial?: 'all' }): number[];
  countTokens(text: string): number;
  /** The byte-pair core: its pre-tokenizer regex, and the ranks a worker thread rebuilds the encoding from. */
  bytePairEncodingCoreProcessor?: { tokenSplitRegex?: unknown; bytePairRankDecoder?: unknown };
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
  const split = encoding.bytePairEncodingCoreProcessor?.tokenSplitRegex;
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

/** The counter of a loaded encoding: exact counts, special-token text counted as one token. */
export function counterOfEncoding(name: string, encoding: GptEncoding): TokenCounter {
  const encode = (text: string) => encodeWithSpecials(encoding, text);
  // Counting is the export's hot path: text without special-token text is counted without
  // building the token array or the per-call special-token sets `allowedSpecial` costs.
  const plain = plainCounter(encoding);
  const count = (text: string) => (text.includes('<|') ? encode(text).length : plain(text));
  return { name, encode, count };
}
