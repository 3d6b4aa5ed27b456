/**
 * LSH buckets of a whole listing at once, and the kept units filed under
 * them. Built from every unit's band keys, band-major (`keys[b · n + i]`:
 * band b of unit i), which it takes over: each key becomes a group number
 * shared by exactly the present units with the same key in the same band, or
 * -1 when no other unit has that key in that band (such a key can never make
 * a candidate, and is most of them) or the unit is absent (`present[i]` = 0,
 * e.g. an empty text). Numbers are assigned in a fixed order, so the same
 * input gives the same groups.
 *
 * Cache-friendly where a hash table over all keys is not: per band, one
 * counting pass and one scatter by the keys' top bits into buckets of ~256,
 * then each bucket is grouped with a small table that stays in L1. At a
 * million units × 12 bands this takes a fraction of the time of probing a
 * 200 MB open-addressing index (a cache miss per band per unit).
 *
 * The work is split into small methods called many times: V8 optimises those
 * after a few calls, where one long loop waits for on-stack replacement
 * (measured: most of a first 1M-unit pass ran unoptimised).
 *
 * @example
 * const groups = new BandGroups(keys, units.length, banding.bands, present);
 * if (groups.shares(i)) for (const c of groups.candidates(i)) ...; groups.file(i);
 */
export class BandGroups {
  /** Number of groups. */
  readonly count: number;
  /** Per group, the newest filed entry (-1: none); per entry, its unit and the previous entry of its group. */
  private readonly heads: Int32Array;
  private filedUnit: Int32Array = new Int32Array(1024);
  private filedNext: Int32Array = new Int32Array(1024);
  private filed = 0;
  /** The last unit whose candidates included each unit, so a unit found in several bands is listed once. */
  private readonly seen: Int32Array;
  private readonly found: number[] = [];

  constructor(
    private readonly groups: Int32Array,
    private readonly n: number,
    private readonly bands: number,
    present: Uint8Array,
  ) {
    const grouping = new Grouping(groups, n, present);
    this.count = grouping.all(bands);
    this.heads = new Int32Array(this.count).fill(-1);
    // The grouping's scratch, reused: fewer large allocations, so less external-memory pressure on the garbage collector.
    this.seen = grouping.scratch.subarray(0, n).fill(-1);
  }

  /** The group of unit i in a band, -1 when it shares that band's key with no other unit. */
  groupOf(i: number, band: number): number {
    return this.groups[band * this.n + i];
  }

  /** Whether unit i shares a key with another unit in some band: if not, nothing can match it or be matched against it. */
  shares(i: number): boolean {
    const { groups, n } = this;
    for (let b = 0, at = i; b < this.bands; b++, at += n) if (groups[at] >= 0) return true;
    return false;
  }

  /** The filed units that share a group with unit i, ascending, each once; the array is reused by the next call. */
  candidates(i: number): number[] {
    const { groups, n, heads, filedUnit, filedNext, seen, found } = this;
    found.length = 0;
    for (let b = 0, at = i; b < this.bands; b++, at += n) {
      const g = groups[at];
      if (g < 0) continue;
      for (let e = heads[g]; e >= 0; e = filedNext[e]) {
        const c = filedUnit[e];
        if (seen[c] !== i) {
          seen[c] = i;
          found.push(c);
        }
      }
    }
    if (found.length > 1) found.sort(ascending);
    return found;
  }

  /** Files unit i under its groups, so later units find it. */
  file(i: number): void {
    if (this.filed + this.bands > this.filedUnit.length) {
      this.filedUnit = grown(this.filedUnit);
      this.filedNext = grown(this.filedNext);
    }
    const { groups, n, heads, filedUnit, filedNext } = this;
    for (let b = 0, at = i; b < this.bands; b++, at += n) {
      const g = groups[at];
      if (g < 0) continue;
      filedUnit[this.filed] = i;
      filedNext[this.filed] = heads[g];
      heads[g] = this.filed++;
    }
  }
}

const ascending = (a: number, b: number) => a - b;

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Replaces band keys with group numbers, band by band. */
class Grouping {
  /** Buckets by a key's top `bits` bits: ~256 keys each. */
  private readonly bits: number;
  private readonly bounds: Int32Array;
  private readonly fill: Int32Array;
  /** Keys and units by bucket, interleaved (one write stream per bucket): [key, unit] at 2p. */
  readonly scratch: Int32Array;
  private table = new Int32Array(1024);
  private groups = 0;

  constructor(
    private readonly keys: Int32Array,
    private readonly n: number,
    private readonly present: Uint8Array,
  ) {
    this.bits = n <= 512 ? 0 : Math.min(16, Math.ceil(Math.log2(n / 256)));
    this.bounds = new Int32Array((1 << this.bits) + 1);
    this.fill = new Int32Array(1 << this.bits);
    this.scratch = new Int32Array(2 * n);
  }

  /** Groups every band; returns the number of groups. */
  all(bands: number): number {
    for (let band = 0; band < bands; band++) this.band(band * this.n);
    return this.groups;
  }

  private band(base: number): void {
    this.scatter(base);
    // Most keys are in no group: -1 for all, then each bucket writes its groups.
    this.keys.fill(-1, base, base + this.n);
    const { bounds } = this;
    for (let b = 0, buckets = 1 << this.bits; b < buckets; b++) this.bucket(base, bounds[b], bounds[b + 1]);
  }

  /** Counts the present units' keys per bucket and places them bucket by bucket (stable: units stay in listing order). */
  private scatter(base: number): void {
    const { keys, n, present, bounds, fill, scratch: sorted } = this;
    // A key's bucket: its top `bits` bits (a shift by 31 - bits of key >>> 1 also works for bits = 0).
    const shift = 31 - this.bits;
    const buckets = 1 << this.bits;
    bounds.fill(0);
    for (let i = 0; i < n; i++) if (present[i]) bounds[((keys[base + i] >>> 1) >>> shift) + 1]++;
    for (let b = 0; b < buckets; b++) {
      bounds[b + 1] += bounds[b];
      fill[b] = bounds[b];
    }
    for (let i = 0; i < n; i++) {
      if (!present[i]) continue;
      const key = keys[base + i];
      const at = 2 * fill[(key >>> 1) >>> shift]++;
      sorted[at] = key;
      sorted[at + 1] = i;
    }
  }

  /** Groups the keys at positions lo..hi (one bucket): the first of each key in a table, later ones join its group. */
  private bucket(base: number, lo: number, hi: number): void {
    let size = 16;
    while (size < 2 * (hi - lo)) size *= 2;
    if (size > this.table.length) this.table = new Int32Array(size);
    const { table, keys, scratch: sorted } = this;
    table.fill(0, 0, size);
    const mask = size - 1;
    // Keys in a bucket share their top bits; the low bits place them. table: position + 1 of the key's first entry.
    for (let p = lo; p < hi; p++) {
      const key = sorted[2 * p];
      let slot = key & mask;
      while (table[slot] !== 0 && sorted[2 * table[slot] - 2] !== key) slot = (slot + 1) & mask;
      if (table[slot] === 0) {
        table[slot] = p + 1;
        continue;
      }
      const first = base + sorted[2 * table[slot] - 1];
      if (keys[first] < 0) keys[first] = this.groups++;
      keys[base + sorted[2 * p + 1]] = keys[first];
    }
  }
}
