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
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  const percentile = (p: number) => sorted[Math.min(Math.round(p * (count - 1)), count - 1)];
  return { count, min: sorted[0], median: percentile(0.5), p95: percentile(0.95), max: sorted[count - 1], mean: sum / count };
}

/** The stats block's token summary: which tokenizer, and the distribution of per-line counts. */
export interface TokenStats extends Partial<Distribution> {
  tokenizer: string;
  /** `chat_template` when lines were rendered through one, else `cookbook_estimate`. */
  method: 'chat_template' | 'cookbook_estimate';
}
