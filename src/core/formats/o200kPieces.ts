/**
 * The o200k_base pre-tokenizer, scanned by character code for ASCII text.
 *
 * gpt-tokenizer 4.0.0 splits text into pieces with this regex before byte-pair
 * encoding each piece. Run over hundreds of millions of characters, the regex
 * (its Unicode property classes) and the substring it makes per piece were
 * most of an export's time with token counts. Every ASCII character class of
 * the regex is known without Unicode tables; a piece whose bounds depend on a
 * non-ASCII character is taken with the regex itself, from the same position,
 * so the pieces are exactly the regex's (the test compares them on random
 * Unicode text).
 */

/** gpt-tokenizer 4.0.0's o200k_base split pattern (flags `gu`); the scan below is this regex for ASCII. */
export const O200K_SPLIT_SOURCE = String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

// ASCII classes as the regex sees them: \p{Lu}, \p{Ll}, \p{N}, [\r\n], ' ', the rest of \s, everything else.
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const NEWLINE = 4;
const SPACE = 5;
const BLANK = 6;
const OTHER = 7;

const CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LOWER;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
CLASS[0x0a] = NEWLINE;
CLASS[0x0d] = NEWLINE;
CLASS[0x20] = SPACE;
// \t, \v, \f: JavaScript's \s in ASCII is these, the newlines and the space (not 0x1c–0x1f).
CLASS[0x09] = BLANK;
CLASS[0x0b] = BLANK;
CLASS[0x0c] = BLANK;

/** Returned when a piece's bounds depend on a character outside ASCII. */
const UNDECIDED = -1;

const isLetter = (k: number) => k === UPPER || k === LOWER;

/**
 * A letter piece from `start` (a letter): uppercase run, lowercase run, then
 * an optional contraction (`'s 'd 'm 't 'll 've 're`, any case). With ASCII
 * letters the regex's first two branches both come to this.
 */
function lettersEnd(units: Uint16Array, start: number, n: number): number {
  let end = start;
  let c = 0;
  while (end < n && (c = units[end]) < 128 && CLASS[c] === UPPER) end++;
  if (end < n && c >= 128) return UNDECIDED;
  while (end < n && (c = units[end]) < 128 && CLASS[c] === LOWER) end++;
  if (end < n && c >= 128) return UNDECIDED;
  if (end + 1 < n && c === 0x27) {
    // `| 0x20` lowercases ASCII letters; no other code unit lands on these letters.
    const a = units[end + 1] | 0x20;
    if (a === 0x73 || a === 0x64 || a === 0x6d || a === 0x74) return end + 2;
    if (end + 2 < n) {
      const b = units[end + 2] | 0x20;
      if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return end + 3;
    }
  }
  return end;
}

/** A symbol run from `start` (` ?[^\s\p{L}\p{N}]+`), then any `\r`, `\n` and `/` after it. */
function symbolsEnd(units: Uint16Array, start: number, n: number): number {
  let end = start;
  let c = 0;
  while (end < n && (c = units[end]) < 128 && CLASS[c] === OTHER) end++;
  if (end < n && c >= 128) return UNDECIDED;
  while (end < n && ((c = units[end]) === 0x0a || c === 0x0d || c === 0x2f)) end++;
  return end;
}

/**
 * A whitespace piece from `start`: through the run's last newline if it has
 * one (`\s*[\r\n]+`); else the run, less its last character when something
 * follows it (`\s+(?!\S)`), or the one character (`\s+`).
 */
function whitespaceEnd(units: Uint16Array, start: number, n: number): number {
  let end = start;
  let lastNewline = -1;
  while (end < n) {
    const c = units[end];
    if (c >= 128) return UNDECIDED;
    const k = CLASS[c];
    if (k === NEWLINE) lastNewline = end;
    else if (k !== SPACE && k !== BLANK) break;
    end++;
  }
  if (lastNewline >= 0) return lastNewline + 1;
  if (end === n || end - start === 1) return end;
  return end - 1;
}

/**
 * The end of the o200k piece that starts at `start` (< n) in the first `n`
 * code units of a text, or -1 when it depends on a character outside ASCII
 * (take it with the regex).
 */
export function o200kPieceEnd(units: Uint16Array, start: number, n: number): number {
  const c = units[start];
  if (c >= 128) return UNDECIDED;
  const k = CLASS[c];
  if (isLetter(k)) return lettersEnd(units, start, n);
  if (k === DIGIT) {
    let end = start + 1;
    const last = Math.min(n, start + 3);
    let d = 0;
    while (end < last && (d = units[end]) < 128 && CLASS[d] === DIGIT) end++;
    return end < last && d >= 128 ? UNDECIDED : end;
  }
  // Anything but a newline may lead a letter piece; a space may lead a symbol run.
  if (k !== NEWLINE && start + 1 < n) {
    const next = units[start + 1];
    if (next >= 128) return UNDECIDED;
    if (isLetter(CLASS[next])) return lettersEnd(units, start + 1, n);
    if (k === SPACE && CLASS[next] === OTHER) return symbolsEnd(units, start + 1, n);
  }
  return k === OTHER ? symbolsEnd(units, start, n) : whitespaceEnd(units, start, n);
}

/**
 * A text's UTF-16 code units, copied into a reused buffer: scanning a typed
 * array is faster than `charCodeAt`, and the copy is one native call.
 */
export class CodeUnits {
  private bytes = Buffer.alloc(1 << 16);
  /** The code units of the text last loaded (and stale ones after it). */
  units = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >> 1);

  load(text: string): Uint16Array {
    if (text.length * 2 > this.bytes.length) {
      this.bytes = Buffer.alloc(Math.max(text.length * 2, this.bytes.length * 2));
      this.units = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >> 1);
    }
    this.bytes.write(text, 0, 'utf16le');
    return this.units;
  }
}

/**
 * Walks the o200k pieces of `text`, calling `ascii(units, start, end)` for
 * each piece the scan decides and `other(piece)` for each the regex takes:
 * in order, the same pieces as `text.match(regex)`.
 */
export function forEachO200kPiece(
  text: string,
  codeUnits: CodeUnits,
  regex: RegExp,
  ascii: (units: Uint16Array, start: number, end: number) => void,
  other: (piece: string) => void,
): void {
  const n = text.length;
  const units = codeUnits.load(text);
  let start = 0;
  while (start < n) {
    const end = o200kPieceEnd(units, start, n);
    if (end !== UNDECIDED) {
      ascii(units, start, end);
      start = end;
      continue;
    }
    regex.lastIndex = start;
    const match = regex.exec(text);
    if (match === null) return;
    other(match[0]);
    start = match.index + match[0].length;
  }
}

/** A global copy of the o200k split regex, for the pieces the scan leaves to it. */
export function o200kRegex(): RegExp {
  return new RegExp(O200K_SPLIT_SOURCE, 'gu');
}
