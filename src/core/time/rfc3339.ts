/**
 * Timestamps as lance-context stores and prints them: microseconds since the
 * Unix epoch (UTC), printed like chrono's `DateTime<Utc>` serde format
 * (RFC 3339, `Z`, fractional seconds with 0, 3 or 6 digits as needed).
 *
 * Microsecond counts of real dates stay far below 2^53, so a double holds them
 * exactly; parsing keeps nanoseconds as a bigint so bounds compare exactly.
 */

const MICROS_PER_SECOND = 1_000_000;

/** Formats microseconds since the epoch as RFC 3339 UTC, e.g. `2023-11-14T22:13:20.5Z` → `...20.500Z`. */
export function formatMicros(micros: number): string {
  const seconds = Math.floor(micros / MICROS_PER_SECOND);
  const fraction = micros - seconds * MICROS_PER_SECOND;
  // An export prints a timestamp per record, and records of one conversation share their minute:
  // the calendar part is computed once per minute.
  const minute = Math.floor(seconds / 60);
  // Two minutes remembered: an example's start and end are formatted in turn.
  let text: string;
  if (minute === minutes[0]) text = minuteTexts[0];
  else if (minute === minutes[1]) text = minuteTexts[1];
  else {
    const slot = (nextSlot ^= 1);
    minutes[slot] = minute;
    text = minuteTexts[slot] = minuteText(minute * 60);
  }
  const base = `${text}:${pad2(seconds - minute * 60)}`;
  if (fraction === 0) return `${base}Z`;
  if (fraction % 1000 === 0) return `${base}.${String(fraction / 1000).padStart(3, '0')}Z`;
  return `${base}.${String(fraction).padStart(6, '0')}Z`;
}

const minutes = [NaN, NaN];
const minuteTexts = ['', ''];
let nextSlot = 0;

/** `YYYY-MM-DDTHH:MM` of a whole minute, in seconds since the epoch. */
function minuteText(seconds: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
  return `${yearText}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp to nanoseconds since the epoch, or returns
 * `undefined` when the text is not RFC 3339 (callers name the field in their error).
 */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const match = RFC3339.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (!zulu && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  const epochSeconds =
    Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) / 1000 +
    (second === 60 ? 1 : 0) -
    offsetMinutes * 60;
  const nanos = frac ? BigInt(frac.padEnd(9, '0')) : 0n;
  return BigInt(epochSeconds) * 1_000_000_000n + nanos;
}

/** Parses RFC 3339 to whole microseconds (sub-microsecond digits are truncated toward −∞). */
export function parseRfc3339Micros(text: string): number | undefined {
  const nanos = parseRfc3339Nanos(text);
  return nanos === undefined ? undefined : Number(floorDiv(nanos, 1000n));
}

/** Floor division for bigints (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Ceiling division for bigints. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Current time in microseconds since the epoch. */
export function nowMicros(): number {
  return Date.now() * 1000;
}
