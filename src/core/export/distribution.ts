import { grownArray } from '../store/grownArray';

/** Numeric summary: count, min, median, p95, max, mean (export.rs `Distribution`). */
export interface Distribution {
  count: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

/** Summarizes values; nearest-rank percentiles at `round(p·(n−1))`. Undefined when empty. */
export function distributionOf(values: number[] | Float64Array): Distribution | undefined {
  if (values.length === 0) return undefined;
  const counted = countedDistribution(values);
  if (counted) return counted;
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  const percentile = (p: number) => sorted[Math.min(Math.round(p * (count - 1)), count - 1)];
  return { count, min: sorted[0], median: percentile(0.5), p95: percentile(0.95), max: sorted[count - 1], mean: sum / count };
}

/**
 * The same summary without sorting, for small non-negative integers (token
 * counts, group sizes): counted per value, ranks read off the running totals.
 * Integer sums are exact, so summing in another order gives the same mean.
 * Undefined for anything else (fractions, -0, large values, sums past 2^53).
 */
function countedDistribution(values: ArrayLike<number>): Distribution | undefined {
  const count = values.length;
  const limit = 4 * count + 1024;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (!(value >= 0 && value <= limit && Number.isInteger(value)) || Object.is(value, -0)) return undefined;
    if (value > max) max = value;
    sum += value;
  }
  if (sum > Number.MAX_SAFE_INTEGER) return undefined;
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < count; i++) counts[values[i]]++;
  return summaryOfCounts(counts, count, max, sum);
}

/** The summary of `count` values given as a count per value (0 to `max`), ranks read off the running totals. */
function summaryOfCounts(counts: Int32Array, count: number, max: number, sum: number): Distribution {
  const rank = (p: number) => Math.min(Math.round(p * (count - 1)), count - 1);
  const wanted = [0, rank(0.5), rank(0.95)];
  const found: number[] = [];
  let seen = 0;
  for (let value = 0; value <= max && found.length < wanted.length; value++) {
    seen += counts[value];
    while (found.length < wanted.length && wanted[found.length] < seen) found.push(value);
  }
  return { count, min: found[0], median: found[1], p95: found[2], max, mean: sum / count };
}

/** Largest value a {@link DistributionBuilder} counts per value (a 4 MiB count array at most). */
const COUNTED_MAX = 1 << 20;

/**
 * Builds {@link distributionOf} of values added one at a time without keeping
 * them while they are small non-negative integers (token counts: ten million
 * of them are a few thousand counters, not 80 MB): counted per value, and
 * turned into the values themselves (in count order, which sorts the same)
 * should a value that cannot be counted arrive.
 */
export class DistributionBuilder {
  private counts: Int32Array | undefined = new Int32Array(1024);
  private values: Float64Array | undefined;
  private count = 0;
  private max = 0;
  private sum = 0;

  add(value: number): void {
    const counts = this.counts;
    if (counts && value >= 0 && value <= COUNTED_MAX && Number.isInteger(value) && !Object.is(value, -0) && this.sum + value <= Number.MAX_SAFE_INTEGER) {
      if (value >= counts.length) {
        const grown = new Int32Array(Math.min(COUNTED_MAX + 1, Math.max(counts.length * 2, value + 1)));
        grown.set(counts);
        this.counts = grown;
      }
      this.counts![value]++;
      if (value > this.max) this.max = value;
      this.sum += value;
      this.count++;
      return;
    }
    if (counts) this.uncount();
    this.push(value);
  }

  build(): Distribution | undefined {
    if (this.count === 0) return undefined;
    if (!this.counts) return distributionOf(this.values!.subarray(0, this.count));
    return summaryOfCounts(this.counts, this.count, this.max, this.sum);
  }

  /** From counts to the values they stand for, in ascending order. */
  private uncount(): void {
    const counts = this.counts!;
    const total = this.count;
    this.counts = undefined;
    this.count = 0;
    this.values = new Float64Array(Math.max(1024, total * 2));
    for (let value = 0; value <= this.max && this.count < total; value++) for (let k = 0; k < counts[value]; k++) this.push(value);
  }

  private push(value: number): void {
    if (this.count === this.values!.length) this.values = grownArray(this.values!);
    this.values![this.count++] = value;
  }
}

/** The stats block's token summary: which tokenizer, and the distribution of per-line counts. */
export interface TokenStats extends Partial<Distribution> {
  tokenizer: string;
  /** `chat_template` when lines were rendered through one, else `cookbook_estimate`. */
  method: 'chat_template' | 'cookbook_estimate';
}
