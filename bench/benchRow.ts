/** One line of the bench table (and of `bench/results/*.json`). */
export interface Row {
  work: string;
  ours: number;
  peer?: number;
  /** How the peer figure was obtained. */
  peerNote?: string;
  ratio?: number;
  target: string;
  peakRssMb?: number;
  pass?: boolean;
  detail: Record<string, unknown>;
}

/** 1000000 → "1M", 100000 → "100k". */
export function count(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}
