import type { NumberColumn } from '../store/numberColumn';
import { RecordSource } from './recordSource';
import { GroupList } from './groupList';
import { wantsWordCount } from '../store/wordCounts';

/** Equal-width bins of a distribution, for charts. */
export interface Histogram {
  /** Lower edge of each bin; the last bin includes `max`. */
  edges: number[];
  counts: number[];
  min: number;
  max: number;
}

/** Value distributions behind the preview's charts (the stats file only has summaries). */
export interface ChartData {
  recordsPerGroup: Histogram;
  reward: Histogram;
  tokens: Histogram;
  /** Tokens per written line, when a tokenizer is set, with the limit to draw on it. */
  exampleTokens?: Histogram & { tokenizer: string; maxTokens?: number };
  /**
   * Rewards of every listed record (before the reward filter), so the chart
   * that helps choose a threshold shows what the threshold would cut.
   */
  listedReward?: Histogram;
}

/** The rewards of `rows` (records without a numeric reward are left out). */
export function rewardHistogramOf(rewards: NumberColumn, rows: ArrayLike<number>): Histogram {
  const values: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const reward = rewards.at(rows[i]);
    if (!Number.isNaN(reward)) values.push(reward);
  }
  return histogramOf(values);
}

/** Bins `values` into at most `bins` equal-width bins (integer-width for integer data). */
export function histogramOf(values: ArrayLike<number>, bins = 20): Histogram {
  if (values.length === 0) return { edges: [], counts: [], min: 0, max: 0 };
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  let count = bins;
  let width = (max - min) / bins;
  if (integers) {
    width = Math.max(1, Math.ceil((max - min + 1) / bins));
    count = Math.max(1, Math.ceil((max - min + 1) / width));
  } else if (width === 0) {
    count = 1;
    width = 1;
  }
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.min(count - 1, Math.floor((values[i] - min) / width));
    counts[bin]++;
  }
  return { edges: Array.from({ length: count }, (_, i) => min + i * width), counts, min, max };
}

/** Chart data of one output: group sizes, rewards and token lengths of its records. */
export function chartDataOf(source: RecordSource, groups: GroupList): ChartData {
  const sizes: number[] = [];
  const rewards: number[] = [];
  const tokens: number[] = [];
  for (let g = 0; g < groups.length; g++) sizes.push(groups.sizeOf(g));
  for (const row of groups.rows) {
    const reward = source.signals.reward.at(row);
    if (!Number.isNaN(reward)) rewards.push(reward);
    const used = source.table.tokensUsed.at(row);
    tokens.push(!wantsWordCount(used) ? used : source.texts.wordCount(row));
  }
  return { recordsPerGroup: histogramOf(sizes), reward: histogramOf(rewards), tokens: histogramOf(tokens) };
}
