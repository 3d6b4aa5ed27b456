import { throwIfAborted } from '../errors';
import { LIFECYCLE_CONTRADICTED } from '../store/contextRecord';
import { EmbeddingColumn } from '../store/payloadColumns';
import { RowTable } from '../store/rowTable';
import { cosineDistanceAt } from './cosine';
import { Exclusion } from '../listing/exclusion';
import { formatDistance } from '../strings/formatDistance';
import { RecordSignals } from '../listing/recordSignals';

/** Rows a stage keeps (in input order) and the ones it removes, with evidence. */
export interface StageResult {
  kept: Int32Array;
  excluded: Exclusion[];
}

/** Drops `contradicted` records, which listings show but training must not. */
export function dropContradicted(table: RowTable, rows: Int32Array): StageResult {
  const kept: number[] = [];
  const excluded: Exclusion[] = [];
  for (const row of rows) {
    if (table.lifecycleStatus.at(row) === LIFECYCLE_CONTRADICTED) {
      excluded.push({ row, id: table.id.at(row), stage: 'lifecycle', rule: 'contradicted', reason: 'lifecycle status contradicted' });
    } else {
      kept.push(row);
    }
  }
  return { kept: Int32Array.from(kept), excluded };
}

/** Drops records whose numeric `metadata.reward` is below `minReward`; unscored records stay. */
export function filterReward(table: RowTable, signals: RecordSignals, rows: Int32Array, minReward: number | undefined): StageResult {
  if (minReward === undefined) return { kept: rows, excluded: [] };
  const kept: number[] = [];
  const excluded: Exclusion[] = [];
  for (const row of rows) {
    const reward = signals.reward.at(row);
    if (!Number.isNaN(reward) && !(reward >= minReward)) {
      excluded.push({
        row,
        id: table.id.at(row),
        stage: 'reward_threshold',
        rule: 'reward_below_threshold',
        reason: `reward ${formatReward(reward)} < ${formatReward(minReward)}`,
        reward,
        threshold: minReward,
      });
    } else {
      kept.push(row);
    }
  }
  return { kept: Int32Array.from(kept), excluded };
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
  const excluded: Exclusion[] = [];
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
      excluded.push({
        row,
        id: table.id.at(row),
        stage: 'decontaminate',
        rule: 'holdout_match',
        reason: `matches holdout ${holdout.refs[match]}, distance ${formatDistance(distance)}`,
        holdoutLine: holdout.lines[match],
        distance,
        threshold: t,
      });
    }
  }
  return { kept: Int32Array.from(kept), excluded };
}
