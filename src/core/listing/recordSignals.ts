import { parse as parseLossless, isLosslessNumber } from 'lossless-json';
import { RowTable } from '../store/rowTable';
import { CodedStrings, CodedStringsWriter } from '../store/codedStrings';
import { ByteSpill } from '../store/byteStrings';
import { MemoryBudget } from '../spill/memoryBudget';
import { NumberColumn, NumberColumnBuilder } from '../store/numberColumn';
import { parseJsonBounded } from '../json/jsonDepth';
import * as metadataScan from './metadataScan';

// Read once: compiled to CommonJS (tsx: tests, benches) an import is a getter call per use, too slow per row.
const { ends, ESCAPED_STRING, GROUP_ID, kinds, LABEL, numberAt, NUMBER, RANK, REWARD, REWARD_SOURCE, scanMetadata, starts, STRING } = metadataScan;

/**
 * The training signals lance-context's export reads from `metadata`
 * (`reward`, `reward_source`, `group_id`, `label`, `rank`), extracted once per
 * row with serde_json's typing rules, so curation never re-parses JSON.
 */
export interface RecordSignals {
  /** `metadata.reward` when it is a number, else NaN (sparse when most records have none). */
  reward: NumberColumn;
  rewardSource: CodedStrings<string | undefined>;
  groupId: CodedStrings<string | undefined>;
  label: CodedStrings<string | undefined>;
  /** `metadata.rank` when it is an integer (serde `as_i64`), else NaN (few records have one: kept sparse). */
  rank: NumberColumn;
  /** Parse error text for rows whose metadata is not valid JSON. */
  invalid: Map<number, string>;
}

/**
 * Extracts signals for `rows` (all rows when omitted). A signal of many
 * distinct values (`group_id`) keeps them as bytes, spilled past `budget`.
 * Each row's bytes are scanned in place (no object built, nothing decoded but
 * the signal values); rows the scan does not settle are parsed as text.
 */
export function extractSignals(table: RowTable, rows?: ArrayLike<number>, budget?: MemoryBudget): RecordSignals {
  return extract(table, rows, budget, true);
}

/** The same signals, every row parsed with `JSON.parse`: the reference the scan must equal. */
export function extractSignalsByParse(table: RowTable, rows?: ArrayLike<number>, budget?: MemoryBudget): RecordSignals {
  return extract(table, rows, budget, false);
}

interface SignalWriters {
  reward: NumberColumnBuilder;
  rank: NumberColumnBuilder;
  invalid: Map<number, string>;
  rewardSource: CodedStringsWriter<string | undefined>;
  groupId: CodedStringsWriter<string | undefined>;
  label: CodedStringsWriter<string | undefined>;
}

function extract(table: RowTable, rows: ArrayLike<number> | undefined, budget: MemoryBudget | undefined, scan: boolean): RecordSignals {
  const n = table.length;
  const out: SignalWriters = {
    reward: new NumberColumnBuilder(n),
    rank: new NumberColumnBuilder(n),
    invalid: new Map<number, string>(),
    rewardSource: CodedStrings.writer<string | undefined>(n, undefined),
    groupId: CodedStrings.writer<string | undefined>(n, undefined),
    label: CodedStrings.writer<string | undefined>(n, undefined),
  };
  const metadata = table.metadata;
  const count = rows ? rows.length : n;
  for (let k = 0; k < count; k++) {
    const row = rows ? rows[k] : k;
    const bytes = metadata.buffer(row);
    if (bytes === undefined) continue;
    const start = metadata.start(row);
    const end = metadata.end(row);
    if (scan && scanMetadata(bytes, start, end) && takeScanned(bytes, start, end, row, out)) continue;
    takeParsed(bytes.toString('utf8', start, end), row, out);
  }
  const spill = (stem: string): ByteSpill | undefined => budget && { budget, stem };
  return {
    reward: out.reward.build(),
    rewardSource: out.rewardSource.build(spill('values-reward-source')),
    groupId: out.groupId.build(spill('values-group-id')),
    label: out.label.build(spill('values-label')),
    rank: out.rank.build(),
    invalid: out.invalid,
  };
}

/**
 * Records the signals a scan located; false (nothing recorded) when `rank`
 * needs the lexeme check of a text holding `.`, `e` or `E`, left to the parse.
 */
function takeScanned(bytes: Buffer, start: number, end: number, row: number, out: SignalWriters): boolean {
  if (kinds[RANK] === NUMBER) {
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c === 0x2e || c === 0x65 || c === 0x45) return false;
    }
    const rank = numberAt(bytes, starts[RANK], ends[RANK]);
    if (Number.isSafeInteger(rank)) out.rank.set(row, rank);
  }
  if (kinds[REWARD] === NUMBER) out.reward.set(row, numberAt(bytes, starts[REWARD], ends[REWARD]));
  if (isString(REWARD_SOURCE)) setString(out.rewardSource, row, bytes, REWARD_SOURCE);
  if (isString(GROUP_ID)) setString(out.groupId, row, bytes, GROUP_ID);
  if (isString(LABEL)) setString(out.label, row, bytes, LABEL);
  return true;
}

/** A plain ASCII value goes in as its bytes (what the writer would encode the string to); others decoded. */
function setString(writer: CodedStringsWriter<string | undefined>, row: number, bytes: Buffer, slot: number): void {
  const start = starts[slot] + 1;
  const end = ends[slot] - 1;
  if (kinds[slot] === STRING && isAscii(bytes, start, end)) writer.setBytes(row, bytes, start, end);
  else writer.set(row, stringAt(bytes, slot));
}

function isAscii(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function isString(slot: number): boolean {
  return kinds[slot] === STRING || kinds[slot] === ESCAPED_STRING;
}

function stringAt(bytes: Buffer, slot: number): string {
  if (kinds[slot] === STRING) return bytes.toString('utf8', starts[slot] + 1, ends[slot] - 1);
  return JSON.parse(bytes.toString('utf8', starts[slot], ends[slot])) as string;
}

function takeParsed(text: string, row: number, out: SignalWriters): void {
  let value: unknown;
  try {
    value = parseJsonBounded(text);
  } catch (error) {
    out.invalid.set(row, (error as Error).message);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const meta = value as Record<string, unknown>;
  if (typeof meta.reward === 'number') out.reward.set(row, meta.reward);
  if (typeof meta.reward_source === 'string') out.rewardSource.set(row, meta.reward_source);
  if (typeof meta.group_id === 'string') out.groupId.set(row, meta.group_id);
  if (typeof meta.label === 'string') out.label.set(row, meta.label);
  if (typeof meta.rank === 'number' && Number.isSafeInteger(meta.rank) && isIntegerLexeme(text)) {
    out.rank.set(row, meta.rank);
  }
}

/**
 * serde's `as_i64` is None for `1.0` or `1e0`: check how `rank` was written.
 * A repeated key keeps its last value, as in serde_json and JSON.parse (not
 * lossless-json's error, which failed the whole extraction).
 */
function isIntegerLexeme(text: string): boolean {
  if (!/[.eE]/.test(text)) return true;
  const rank = (parseLossless(text, null, { onDuplicateKey: ({ newValue }) => newValue }) as Record<string, unknown>).rank;
  return isLosslessNumber(rank) && /^-?\d+$/.test(rank.value);
}
