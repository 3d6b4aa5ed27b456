/**
 * LSH buckets of a whole listing at once. `keys` holds every unit's band keys
 * band-major (`keys[b · n + i]`: band b of unit i); each is replaced by a group
 * number shared by exactly the present units with the same key in the same
 * band, or by -1 when no other unit has that key in that band (such a key can
 * never make a candidate, and is most of them) or the unit is absent
 * (`present[i]` = 0, e.g. an empty text). Returns the number of groups;
 * numbers are assigned in a fixed order, so the same input gives the same
 * groups.
 *
 * Cache-friendly where a hash table over all keys is not: per band, one
 * counting pass and one scatter by the keys' top bits into buckets of ~256,
 * then each bucket is grouped with a small table that stays in L1. At a
 * million units × 12 bands this takes a fraction of the time of probing a
 * 200 MB open-addressing index (one cache miss per band per unit).
 *
 * @example
 * const groups = groupBandKeys(keys, units.length, banding.bands, present);
 */
export function groupBandKeys(keys: Int32Array, n: number, bands: number, present: Uint8Array): number {
  const bits = n <= 512 ? 0 : Math.min(16, Math.ceil(Math.log2(n / 256)));
  const buckets = 1 << bits;
  // Bucket of a key: its top `bits` bits (a shift by 31 - bits of key >>> 1 also works for bits = 0).
  const shift = 31 - bits;
  const bounds = new Int32Array(buckets + 1);
  const fill = new Int32Array(buckets);
  const sortedKeys = new Int32Array(n);
  const sortedUnits = new Int32Array(n);
  const groupOf = new Int32Array(n);
  let table = new Int32Array(1024);
  let groups = 0;
  for (let band = 0; band < bands; band++) {
    const base = band * n;
    bounds.fill(0);
    for (let i = 0; i < n; i++) {
      if (present[i]) bounds[((keys[base + i] >>> 1) >>> shift) + 1]++;
      else keys[base + i] = -1;
    }
    for (let b = 0; b < buckets; b++) {
      bounds[b + 1] += bounds[b];
      fill[b] = bounds[b];
    }
    // Stable: within a bucket, units stay in listing order.
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const key = keys[base + i];
      const at = fill[(key >>> 1) >>> shift]++;
      sortedKeys[at] = key;
      sortedUnits[at] = i;
    }
    for (let b = 0; b < buckets; b++) {
      const lo = bounds[b];
      const hi = bounds[b + 1];
      let size = 16;
      while (size < 2 * (hi - lo)) size *= 2;
      if (size > table.length) table = new Int32Array(size);
      table.fill(0, 0, size);
      const mask = size - 1;
      // table: position + 1 of the first entry with a key (keys in a bucket share top bits; the low bits place them).
      for (let p = lo; p < hi; p++) {
        const key = sortedKeys[p];
        let slot = key & mask;
        while (table[slot] !== 0 && sortedKeys[table[slot] - 1] !== key) slot = (slot + 1) & mask;
        if (table[slot] === 0) {
          table[slot] = p + 1;
          groupOf[p] = -1;
        } else {
          const first = table[slot] - 1;
          if (groupOf[first] < 0) groupOf[first] = groups++;
          groupOf[p] = groupOf[first];
        }
      }
    }
    const total = bounds[buckets];
    for (let p = 0; p < total; p++) keys[base + sortedUnits[p]] = groupOf[p];
  }
  return groups;
}
