import { isLosslessNumber, LosslessNumber, parse as parseLossless } from 'lossless-json';
import { compareCodePoints } from '../strings/compareCodePoints';
import { depthProblem } from './jsonDepth';
import { formatF64, OrderedMap, RawJson } from './rustJson';

/**
 * JSON values with serde_json's semantics: numbers keep whether they were
 * written as integers or floats (`1` ≠ `1.0`, as in `serde_json::Value`
 * equality), and objects print with sorted keys (serde_json's default map).
 */
export type SerdeValue = null | boolean | string | LosslessNumber | SerdeValue[] | { [key: string]: SerdeValue };

/** Parses JSON text without losing number lexemes; throws SyntaxError on invalid JSON or nesting beyond serde_json's limit. */
export function parseSerdeValue(text: string): SerdeValue {
  const problem = depthProblem(text);
  if (problem) throw new SyntaxError(problem);
  return parseLossless(text) as SerdeValue;
}

type NumberKey = { integer: true; value: bigint } | { integer: false; value: number };

const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

/** serde_json's reading of a number lexeme: an integer when it fits i64/u64, else an f64. */
export function numberKey(lexeme: string): NumberKey {
  if (/^-?\d+$/.test(lexeme)) {
    const value = BigInt(lexeme);
    if (value >= I64_MIN && value <= U64_MAX) return { integer: true, value: value === 0n ? 0n : value };
  }
  return { integer: false, value: Number(lexeme) };
}

/** `serde_json::Value` equality. */
export function serdeEquals(a: SerdeValue, b: SerdeValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (isLosslessNumber(a) || isLosslessNumber(b)) {
    if (!isLosslessNumber(a) || !isLosslessNumber(b)) return false;
    const x = numberKey(a.value);
    const y = numberKey(b.value);
    return x.integer === y.integer && x.value === y.value;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => serdeEquals(item, b[i]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && serdeEquals(a[key], b[key]));
}

/** True when `value` is a JSON object (not an array, number or null). */
export function isSerdeObject(value: SerdeValue | undefined): value is { [key: string]: SerdeValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/** Converts to a tree `toRustJson` prints as serde_json would: sorted keys, numbers re-formatted. */
export function toRustTree(value: SerdeValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isLosslessNumber(value)) {
    const key = numberKey(value.value);
    return new RawJson(key.integer ? key.value.toString() : formatF64(key.value));
  }
  if (Array.isArray(value)) return value.map(toRustTree);
  const keys = Object.keys(value).sort(compareCodePoints);
  return new OrderedMap(keys.map((key) => [key, toRustTree(value[key])] as const));
}

/** A plain JS value (numbers as doubles) for display and for the webview. */
export function toPlainValue(value: SerdeValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isLosslessNumber(value)) return Number(value.value);
  if (Array.isArray(value)) return value.map(toPlainValue);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toPlainValue(value[key]);
  return out;
}
