import { parse as parseLossless, isLosslessNumber } from 'lossless-json';
import { RowTable } from '../store/rowTable';
import { CodedStrings } from '../store/codedStrings';
import { ByteSpill } from '../store/byteStrings';
import { MemoryBudget } from '../spill/memoryBudget';
import { NumberColumn, NumberColumnBuilder } from '../store/numberColumn';
import { parseJsonBounded } from '../json/jsonDepth';

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
 */
export function extractSignals(table: RowTable, rows?: ArrayLike<number>, budget?: MemoryBudget): RecordSignals {
  const n = table.length;
  const reward = new NumberColumnBuilder(n);
  const rank = new NumberColumnBuilder(n);
  const invalid = new Map<number, string>();
  const rewardSource = CodedStrings.writer<string | undefined>(n, undefined);
  const groupId = CodedStrings.writer<string | undefined>(n, undefined);
  const label = CodedStrings.writer<string | undefined>(n, undefined);
  const count = rows ? rows.length : n;
  for (let k = 0; k < count; k++) {
    const row = rows ? rows[k] : k;
    const text = table.metadata.text(row);
    if (text === null || text === undefined) continue;
    let value: unknown;
    try {
      value = parseJsonBounded(text);
    } catch (error) {
      invalid.set(row, (error as Error).message);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const meta = value as Record<string, unknown>;
    if (typeof meta.reward === 'number') reward.set(row, meta.reward);
    if (typeof meta.reward_source === 'string') rewardSource.set(row, meta.reward_source);
    if (typeof meta.group_id === 'string') groupId.set(row, meta.group_id);
    if (typeof meta.label === 'string') label.set(row, meta.label);
    if (typeof meta.rank === 'number' && Number.isSafeInteger(meta.rank) && isIntegerLexeme(text)) {
      rank.set(row, meta.rank);
    }
  }
  const spill = (stem: string): ByteSpill | undefined => budget && { budget, stem };
  return {
    reward: reward.build(),
    rewardSource: rewardSource.build(spill('values-reward-source')),
    groupId: groupId.build(spill('values-group-id')),
    label: label.build(spill('values-label')),
    rank: rank.build(),
    invalid,
  };
}

/** serde's `as_i64` is None for `1.0` or `1e0`: check how `rank` was written. */
function isIntegerLexeme(text: string): boolean {
  if (!/[.eE]/.test(text)) return true;
  const rank = (parseLossless(text) as Record<string, unknown>).rank;
  return isLosslessNumber(rank) && /^-?\d+$/.test(rank.value);
}
