import * as jsonDepth from '../json/jsonDepth';

// Read once: compiled to CommonJS (tsx: tests, benches) an import is a getter call per use.
const DEPTH_LIMIT = jsonDepth.SERDE_DEPTH_LIMIT;

/**
 * One pass over a row's `metadata` UTF-8 bytes that validates them as JSON
 * (the grammar `JSON.parse` accepts) and notes where the top-level values of
 * the signal keys are, without building an object. It answers false (the
 * caller then parses the text as before) for anything it does not settle
 * exactly: invalid JSON, nesting past serde's limit, an escaped top-level
 * key (it could spell a signal key).
 *
 * Bytes at or past 0x80 are accepted inside strings only: decoding replaces
 * invalid UTF-8 by U+FFFD without swallowing an ASCII byte, and `JSON.parse`
 * accepts any such character inside a string and none outside one.
 */

/** The signal keys, by slot (their lengths differ, which the key match uses). */
export const SIGNAL_KEYS = ['reward', 'reward_source', 'group_id', 'label', 'rank'] as const;
export const REWARD = 0;
export const REWARD_SOURCE = 1;
export const GROUP_ID = 2;
export const LABEL = 3;
export const RANK = 4;

/** What a slot's (last) top-level value is. */
export const ABSENT = 0;
export const NUMBER = 1;
export const STRING = 2;
/** A string with escapes: decoded by `JSON.parse` of its lexeme. */
export const ESCAPED_STRING = 3;
export const OTHER = 4;

/** Per slot, the kind and byte span (quotes included) of the last value seen; valid after a scan answering true. */
export const kinds = new Uint8Array(SIGNAL_KEYS.length);
export const starts = new Uint32Array(SIGNAL_KEYS.length);
export const ends = new Uint32Array(SIGNAL_KEYS.length);

const KEY_BYTES = SIGNAL_KEYS.map((key) => Buffer.from(key, 'latin1'));
/** Slot of a key by its byte length (-1: no signal key is that long). */
const SLOT_OF_LENGTH = new Int8Array(16).fill(-1);
SIGNAL_KEYS.forEach((key, slot) => (SLOT_OF_LENGTH[key.length] = slot));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
/** The open containers of a scan (their opening bytes), by depth. */
const containers = new Uint8Array(DEPTH_LIMIT + 2);

/**
 * Scans `bytes[start, end)`; true when it is valid JSON whose signal values
 * `kinds/starts/ends` now locate. One loop with an explicit stack: a value,
 * then the separators and closing brackets after it, until the top one closes.
 */
export function scanMetadata(bytes: Uint8Array, start: number, end: number): boolean {
  kinds.fill(ABSENT);
  if (end >= 2 ** 30) return false; // string ends are doubled into an int32 below
  let at = start;
  let depth = 0;
  /** The slot of the top-level member being scanned (-1: none or not a signal key). */
  let slot = -1;
  let valueStart = 0;
  for (;;) {
    at = skipSpace(bytes, at, end);
    if (at >= end) return false;
    const c = bytes[at];
    let kind: number;
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > DEPTH_LIMIT) return false;
      containers[depth] = c;
      at = skipSpace(bytes, at + 1, end);
      if (at >= end) return false;
      if (bytes[at] !== c + 2) {
        // c + 2 closes c ({ and }, [ and ]); otherwise a first member or element follows.
        if (c === OPEN_ARRAY) continue;
        at = member(bytes, at, end, depth);
        if (at < 0) return false;
        if (depth === 1) {
          slot = memberSlot;
          valueStart = at;
        }
        continue;
      }
      at++;
      depth--;
      kind = OTHER;
    } else if (c === QUOTE) {
      const scanned = stringEnd(bytes, at, end);
      if (scanned < 0) return false;
      at = scanned >>> 1;
      kind = scanned & 1 ? ESCAPED_STRING : STRING;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      at = numberEnd(bytes, at, end);
      if (at < 0) return false;
      kind = NUMBER;
    } else {
      at = literalEnd(bytes, at, end, c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : '');
      if (at < 0) return false;
      kind = OTHER;
    }
    // A value ended: note it when a top-level member's, then close what it ends.
    for (;;) {
      if (depth === 1 && slot >= 0) {
        // Later duplicates win, as in JSON.parse.
        kinds[slot] = kind;
        starts[slot] = valueStart;
        ends[slot] = at;
        slot = -1;
      }
      at = skipSpace(bytes, at, end);
      if (depth === 0) return at === end;
      if (at >= end) return false;
      const next = bytes[at++];
      const open = containers[depth];
      if (next === open + 2) {
        depth--;
        kind = OTHER;
        continue;
      }
      if (next !== COMMA) return false;
      if (open === OPEN_OBJECT) {
        at = member(bytes, skipSpace(bytes, at, end), end, depth);
        if (at < 0) return false;
        if (depth === 1) {
          slot = memberSlot;
          valueStart = at;
        }
      }
      break;
    }
  }
}

/** The slot of the key `member` last scanned (-1: not a signal key, or not at depth 1). */
let memberSlot = -1;

/**
 * Scans `"key" :` at `at` and the space after it: where the value starts, or
 * -1 (not valid, or an escaped top-level key, which may spell a signal key).
 */
function member(bytes: Uint8Array, at: number, end: number, depth: number): number {
  if (at >= end || bytes[at] !== QUOTE) return -1;
  const scanned = stringEnd(bytes, at, end);
  if (scanned < 0) return -1;
  const keyEnd = scanned >>> 1;
  if (depth === 1) {
    if (scanned & 1) return -1;
    memberSlot = slotOf(bytes, at + 1, keyEnd - 1);
  }
  at = skipSpace(bytes, keyEnd, end);
  if (at >= end || bytes[at] !== COLON) return -1;
  return skipSpace(bytes, at + 1, end);
}

function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const c = bytes[at];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return at;
    at++;
  }
  return at;
}

function literalEnd(bytes: Uint8Array, at: number, end: number, word: string): number {
  if (word === '' || at + word.length > end) return -1;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return -1;
  return at + word.length;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Where `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `at` ends, or -1. */
function numberEnd(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] === MINUS) at++;
  if (at >= end) return -1;
  if (bytes[at] === ZERO) at++;
  else if (isDigit(bytes[at])) while (at < end && isDigit(bytes[at])) at++;
  else return -1;
  if (at < end && bytes[at] === DOT) {
    at++;
    if (at >= end || !isDigit(bytes[at])) return -1;
    while (at < end && isDigit(bytes[at])) at++;
  }
  if (at < end && (bytes[at] === 0x65 || bytes[at] === 0x45)) {
    at++;
    if (at < end && (bytes[at] === 0x2b || bytes[at] === MINUS)) at++;
    if (at >= end || !isDigit(bytes[at])) return -1;
    while (at < end && isDigit(bytes[at])) at++;
  }
  return at;
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A string at `at` (its opening quote): twice where it ends, plus 1 when it has escapes; -1 when not valid. */
function stringEnd(bytes: Uint8Array, at: number, end: number): number {
  at++;
  let escaped = 0;
  while (at < end) {
    const c = bytes[at++];
    if (c === QUOTE) return at * 2 + escaped;
    if (c < 0x20) return -1;
    if (c !== BACKSLASH) continue;
    escaped = 1;
    if (at >= end) return -1;
    const e = bytes[at++];
    if (e === 0x75) {
      if (at + 4 > end) return -1;
      for (let i = 0; i < 4; i++) if (!isHex(bytes[at++])) return -1;
    } else if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) {
      return -1;
    }
  }
  return -1;
}

function slotOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length >= SLOT_OF_LENGTH.length) return -1;
  const slot = SLOT_OF_LENGTH[length];
  if (slot < 0) return -1;
  const key = KEY_BYTES[slot];
  for (let i = 0; i < length; i++) if (bytes[start + i] !== key[i]) return -1;
  return slot;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number a JSON number lexeme at `[start, end)` denotes, as `JSON.parse`
 * gives it: a mantissa below 2^53 over a power of ten up to 10^22 is one
 * correctly rounded division of two exact doubles; anything else goes to `Number`.
 */
export function numberAt(buffer: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buffer[i] === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = buffer[i];
    if (c === DOT) fraction = 0;
    else if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      if (fraction >= 0) fraction++;
    } else break; // an exponent
  }
  if (i < end || mantissa >= 2 ** 53 || fraction > 22) return Number(buffer.toString('latin1', start, end));
  const magnitude = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -magnitude : magnitude;
}
