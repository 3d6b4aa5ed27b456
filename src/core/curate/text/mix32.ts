/**
 * murmur3's 32-bit finaliser. FNV-1a and multiply-add leave their low bits
 * weak; MinHash and the band keys need every output bit to depend on every
 * input bit.
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A seeded stream of 32-bit values (splitmix32), so hash parameters are the
 * same on every run and every machine: dedup decisions must be reproducible.
 */
export function seededWords(seed: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let state = seed | 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) | 0;
    out[i] = mix32(state);
  }
  return out;
}
