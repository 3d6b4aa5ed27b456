/**
 * JSON text exactly as serde_json writes it, so exported files are byte-identical
 * to lance-context's own export.
 *
 * JavaScript has one number type; Rust distinguishes integers, f64 and f32 and
 * prints them differently (`1.0` vs `1`, `1e16` vs `10000000000000000`). Values
 * that Rust holds as floats are wrapped in {@link F64} / {@link F32} by the code
 * that builds an output object; plain JS numbers are written as integers.
 */

/** An f64 value: printed like serde_json (ryu shortest round-trip, `.0` on integers). */
export class F64 {
  constructor(readonly value: number) {}
}

/** An f32 value: printed with the shortest digits that round-trip through f32. */
export class F32 {
  constructor(readonly value: number) {}
}

/** An unsigned or signed 64-bit integer that may exceed 2^53. */
export class U64 {
  constructor(readonly value: bigint) {}
}

/** Raw JSON text inserted verbatim (already serialized, e.g. a lossless number). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * An object whose key order is given explicitly, for maps that Rust keeps in a
 * BTreeMap (sorted by UTF-8 bytes) and that may hold integer-like keys, which
 * plain JS objects would reorder.
 */
export class OrderedMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

export const f64 = (value: number): F64 => new F64(value);
export const f32 = (value: number): F32 => new F32(value);

/** Formats a finite double the way ryu (and so serde_json) does. */
export function formatF64(value: number): string {
  if (!Number.isFinite(value)) return 'null'; // serde_json writes non-finite floats as null
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  return formatDigits(value.toExponential());
}

/** Formats an f32 value (held in a double) with the shortest f32 round-trip digits. */
export function formatF32(value: number): string {
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return 'null';
  if (single === 0) return Object.is(single, -0) ? '-0.0' : '0.0';
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) return formatDigits(candidate);
  }
  return formatDigits(single.toExponential(8));
}

/** Lays out `d.ddddde±x` (JS exponential notation) with ryu's rules. */
function formatDigits(exponential: string): string {
  const negative = exponential.startsWith('-');
  const body = negative ? exponential.slice(1) : exponential;
  const [mantissa, exponentText] = body.split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText); // value = 0.digits × 10^(exponent+1)
  const length = digits.length;
  const k = exponent - (length - 1); // value = digits × 10^k
  const kk = length + k; // position of the decimal point
  let out: string;
  if (k >= 0 && kk <= 16) {
    out = digits + '0'.repeat(k) + '.0';
  } else if (kk > 0 && kk <= 16) {
    out = digits.slice(0, kk) + '.' + digits.slice(kk);
  } else if (kk > -5 && kk <= 0) {
    out = '0.' + '0'.repeat(-kk) + digits;
  } else if (length === 1) {
    out = digits + 'e' + (kk - 1);
  } else {
    out = digits[0] + '.' + digits.slice(1) + 'e' + (kk - 1);
  }
  return negative ? '-' + out : out;
}

/**
 * Serializes like `serde_json::to_string` (compact) or `to_string_pretty` (2-space indent).
 * `indent` is where a pretty value starts, for text that goes inside an enclosing pretty value.
 */
export function toRustJson(value: unknown, pretty = false, indent = ''): string {
  return write(value, pretty, indent);
}

function write(value: unknown, pretty: boolean, indent: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isInteger(value) ? String(value) : formatF64(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new TypeError(`cannot serialize ${typeof value}`);
  }
  if (value instanceof F64) return formatF64(value.value);
  if (value instanceof F32) return formatF32(value.value);
  if (value instanceof U64) return value.value.toString();
  if (value instanceof RawJson) return value.text;
  // String concatenation rather than map/join: exports serialize millions of small objects.
  const inner = indent + '  ';
  const separator = pretty ? `,\n${inner}` : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = pretty ? `[\n${inner}` : '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += separator;
      out += write(value[i], pretty, inner);
    }
    return out + (pretty ? `\n${indent}]` : ']');
  }
  const colon = pretty ? ': ' : ':';
  let out = '';
  let first = true;
  const add = (key: string, item: unknown) => {
    out += (first ? '' : separator) + JSON.stringify(key) + colon + write(item, pretty, inner);
    first = false;
  };
  if (value instanceof OrderedMap) {
    for (const [key, item] of value.entries) add(key, item);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (item !== undefined) add(key, item);
    }
  }
  if (first) return '{}';
  return pretty ? `{\n${inner}${out}\n${indent}}` : `{${out}}`;
}
