import { throwIfAborted } from '../errors';
import { LIFECYCLE_CONTRADICTED } from '../store/contextRecord';
import { EmbeddingColumn } from '../store/payloadColumns';
import { RowTable } from '../store/rowTable';
import { cosineDistanceAt } from './cosine';
import { Exclusions } from '../listing/exclusions';
import { RowsBuilder } from '../store/rowsBuilder';
import { sparseValuesOf } from '../store/numberColumn';
import { formatDistance } from '../strings/formatDistance';
import { RecordSignals } from '../listing/recordSignals';

/** Rows a stage keeps (in input order) and the ones it removes, with their evidence on demand. */
export interface StageResult {
  kept: Int32Array;
  excluded: Exclusions;
}

/** Drops `contradicted` records, which listings show but training must not. */
export function dropContradicted(table: RowTable, rows: Int32Array): StageResult {
  const removed = new RowsBuilder();
  const kept = keptRows(rows, (row) => {
    if (table.lifecycleStatus.at(row) !== LIFECYCLE_CONTRADICTED) return true;
    removed.push(row);
    return false;
  });
  const evidence = { rule: 'contradicted', reason: 'lifecycle status contradicted' } as const;
  return { kept, excluded: Exclusions.ofRule('lifecycle', 'contradicted', table, removed.build(), () => ({ ...evidence })) };
}

/**
 * The rows `keep` answers true for, in order: `rows` itself when it keeps
 * them all, else a typed copy (no JS array of ten million numbers on the way).
 */
export function keptRows(rows: Int32Array, keep: (row: number) => boolean): Int32Array {
  let kept: Int32Array | undefined;
  let count = 0;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    if (keep(row)) {
      if (kept) kept[count] = row;
      count++;
    } else if (!kept) {
      kept = new Int32Array(rows.length);
      kept.set(rows.subarray(0, k));
    }
  }
  return kept ? kept.slice(0, count) : rows;
}

/** Drops records whose numeric `metadata.reward` is below `minReward`; unscored records stay. */
export function filterReward(table: RowTable, signals: RecordSignals, rows: Int32Array, minReward: number | undefined): StageResult {
  if (minReward === undefined) return { kept: rows, excluded: Exclusions.none('reward_threshold') };
  // The rows below the threshold, marked in one walk over the set rewards (the column is sparse: most records have none).
  const isBelow = new Uint8Array(table.length);
  const sparse = sparseValuesOf(signals.reward);
  if (sparse) {
    const { rows: set, values } = sparse;
    for (let k = 0; k < set.length; k++) if (!Number.isNaN(values[k]) && !(values[k] >= minReward)) isBelow[set[k]] = 1;
  } else {
    for (let k = 0; k < rows.length; k++) {
      const reward = signals.reward.at(rows[k]);
      if (!Number.isNaN(reward) && !(reward >= minReward)) isBelow[rows[k]] = 1;
    }
  }
  const removed = new RowsBuilder();
  const kept = keptRows(rows, (row) => {
    if (isBelow[row] === 0) return true;
    removed.push(row);
    return false;
  });
  const below = removed.build();
  const threshold = formatReward(minReward);
  // The reward is read back from the version's signals (fixed for the session) when someone asks.
  return {
    kept,
    excluded: Exclusions.ofRule('reward_threshold', 'reward_below_threshold', table, below, (k) => {
      const reward = signals.reward.at(below[k]);
      return { rule: 'reward_below_threshold', reason: `reward ${formatReward(reward)} < ${threshold}`, reward, threshold: minReward };
    }),
  };
}

/** Two decimals when that is exact ("0.20"), else the shortest exact form. */
function formatReward(value: number): string {
  const fixed = value.toFixed(2);
  return Number(fixed) === value ? fixed : String(value);
}

/** Holdout vectors to decontaminate against, with where each came from. */
export interface Holdout {
  vectors: Float32Array[];
  /** 1-based line of each vector in a JSONL file, or its position in a holdout store's listing. */
  lines: number[];
  /** How a person finds each vector: "line 17" or "record r9". */
  refs: string[];
  /** File or store the vectors came from. */
  source: string;
}

/**
 * Drops records whose embedding lies within `threshold` cosine distance of any
 * holdout vector; records without an embedding stay. Reports the first match.
 */
export function decontaminate(
  table: RowTable,
  embeddings: EmbeddingColumn,
  rows: Int32Array,
  holdout: Holdout,
  threshold: number,
  signal?: AbortSignal,
): StageResult {
  const t = Math.fround(threshold);
  const { dim, data, slot } = embeddings;
  const kept: number[] = [];
  const removed = new RowsBuilder();
  const matches: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if ((i & 0x3ff) === 0) throwIfAborted(signal);
    const row = rows[i];
    const at = slot[row];
    let match = -1;
    let distance = NaN;
    if (at >= 0) {
      for (let h = 0; h < holdout.vectors.length; h++) {
        const held = holdout.vectors[h];
        if (held.length !== dim) continue;
        const d = cosineDistanceAt(data, at * dim, held, 0, dim);
        if (d <= t) {
          match = h;
          distance = d;
          break;
        }
      }
    }
    if (match < 0) {
      kept.push(row);
    } else {
      removed.push(row);
      matches.push(match);
      distances.push(distance);
    }
  }
  const refs = holdout.refs;
  const lines = holdout.lines;
  return {
    kept: Int32Array.from(kept),
    excluded: Exclusions.ofRule('decontaminate', 'holdout_match', table, removed.build(), (k) => ({
      rule: 'holdout_match',
      reason: `matches holdout ${refs[matches[k]]}, distance ${formatDistance(distances[k])}`,
      holdoutLine: lines[matches[k]],
      distance: distances[k],
      threshold: t,
    })),
  };
}
