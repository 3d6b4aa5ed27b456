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

/** The stats block's token summary: which tokenizer, and the distribution of per-line counts. */
export interface TokenStats extends Partial<Distribution> {
  tokenizer: string;
  /** `chat_template` when lines were rendered through one, else `cookbook_estimate`. */
  method: 'chat_template' | 'cookbook_estimate';
}
