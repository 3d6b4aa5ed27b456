/**
 * The group-disjoint train/eval assignment of lance-context's export: 64-bit
 * FNV-1a over the seed (8 little-endian bytes) and the key's UTF-8 bytes, then
 * the MurmurHash3 fmix64 finalizer, top 53 bits scaled to [0, 1).
 */

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

/** 64-bit FNV-1a of `seed` (little-endian) followed by `key` (UTF-8). */
export function stableHash(seed: bigint, key: string): bigint {
  let hash = FNV_OFFSET;
  let s = BigInt.asUintN(64, seed);
  for (let i = 0; i < 8; i++) {
    hash = ((hash ^ (s & 0xffn)) * FNV_PRIME) & MASK64;
    s >>= 8n;
  }
  for (const byte of encoder.encode(key)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  }
  return hash;
}

/** Maps a group key to a stable fraction in [0, 1); eval when below `eval_fraction`. */
export function splitFraction(seed: bigint, key: string): number {
  let hash = stableHash(seed, key);
  hash ^= hash >> 33n;
  hash = (hash * 0xff51afd7ed558ccdn) & MASK64;
  hash ^= hash >> 33n;
  hash = (hash * 0xc4ceb9fe1a85ec53n) & MASK64;
  hash ^= hash >> 33n;
  return Number(hash >> 11n) / 2 ** 53;
}

/**
 * Output paths of the two sides: the side goes before the last extension of the
 * file name (`cut.jsonl` → `cut.train.jsonl`, `cut` → `cut.train`).
 */
export function splitPaths(outputPath: string): { train: string; eval: string } {
  const slash = outputPath.lastIndexOf('/') + 1;
  const dot = outputPath.lastIndexOf('.');
  if (dot < slash) return { train: `${outputPath}.train`, eval: `${outputPath}.eval` };
  const stem = outputPath.slice(0, dot);
  const ext = outputPath.slice(dot);
  return { train: `${stem}.train${ext}`, eval: `${stem}.eval${ext}` };
}
