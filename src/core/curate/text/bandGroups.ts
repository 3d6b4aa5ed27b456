/**
 * LSH buckets of a whole listing at once, as chains. Built from every unit's
 * band keys, unit-major (`keys[i · bands + b]`: band b of unit i), which it
 * takes over: each key becomes a link to the previous present unit with the
 * same key in the same band, or -1 when there is none. A key no other unit
 * has (most of them) is -1, and so is every key of an absent unit
 * (`present[i]` = 0, e.g. an empty text): it can never make a candidate.
 *
 * The greedy dedup then asks, in listing order, for the earlier units that
 * share a key with unit i and that it kept ({@link candidates}): walking
 * i's chains, and unlinking every unit it removed on the way (a removal is
 * final), so a chain only ever holds kept units and units not reached yet.
 * The same candidates as filing each kept unit in a band index as it comes,
 * without that index: at a million units × 12 bands, 12 open-addressing
 * tables of 16 MB cost a cache miss per band per unit to probe and to file.
 *
 * Built per band by one counting pass and one scatter by the keys' top bits
 * into buckets of ~256, each then linked with a small table that stays in
 * L1. Unit-major links keep a unit's 12 on one or two cache lines, where the
 * candidates' lookups land. The work is split into small methods called
 * many times: V8 optimises those after a few calls, where one long loop
 * waits for on-stack replacement (measured: most of a first 1M-unit pass
 * ran unoptimised).
 *
 * @example
 * const groups = new BandGroups(keys, units.length, banding.bands, present, kept);
 * if (groups.shares(i)) for (const c of groups.candidates(i)) ...; kept[i] = ...;
 */
export class BandGroups {
  /** The last unit whose candidates included each unit, so a unit found in several bands is listed once. */
  private readonly seen: Int32Array;
  private readonly found: number[] = [];

  /**
   * `kept[x]`, for every unit x before the one asking for candidates, says
   * whether the dedup kept it (1) or removed it (0).
   */
  constructor(
    private readonly links: Int32Array,
    n: number,
    private readonly bands: number,
    present: Uint8Array,
    private readonly kept: Uint8Array,
  ) {
    const linking = new Linking(links, n, bands, present);
    for (let band = 0; band < bands; band++) linking.band(band);
    // The linking's scratch, reused: fewer large allocations, so less external-memory pressure on the garbage collector.
    this.seen = linking.scratch.subarray(0, n).fill(-1);
  }

  /** The previous unit with unit i's key in a band, -1 when none (or only removed units passed over so far). */
  linkOf(i: number, band: number): number {
    return this.links[i * this.bands + band];
  }

  /** Whether an earlier unit shares a key with unit i in some band: if not, unit i has no candidates. */
  shares(i: number): boolean {
    for (let at = i * this.bands, end = at + this.bands; at < end; at++) if (this.links[at] >= 0) return true;
    return false;
  }

  /** The earlier kept units that share a key with unit i, ascending, each once; the array is reused by the next call. */
  candidates(i: number): number[] {
    const { links, bands, kept, seen, found } = this;
    found.length = 0;
    for (let b = 0; b < bands; b++) {
      // `from` is the link slot that led to x: a removed x is unlinked from it.
      let from = i * bands + b;
      let x = links[from];
      while (x >= 0) {
        const next = links[x * bands + b];
        if (kept[x] === 0) {
          links[from] = next;
        } else {
          if (seen[x] !== i) {
            seen[x] = i;
            found.push(x);
          }
          from = x * bands + b;
        }
        x = next;
      }
    }
    if (found.length > 1) found.sort(ascending);
    return found;
  }
}

const ascending = (a: number, b: number) => a - b;

/** Replaces band keys with links, band by band. */
class Linking {
  /** Buckets by a key's top `bits` bits: ~256 keys each. */
  private readonly bits: number;
  private readonly bounds: Int32Array;
  private readonly fill: Int32Array;
  /** Keys and units by bucket, interleaved (one write stream per bucket): [key, unit] at 2p. */
  readonly scratch: Int32Array;
  private table = new Int32Array(1024);

  constructor(
    private readonly links: Int32Array,
    private readonly n: number,
    private readonly bands: number,
    private readonly present: Uint8Array,
  ) {
    this.bits = n <= 512 ? 0 : Math.min(16, Math.ceil(Math.log2(n / 256)));
    this.bounds = new Int32Array((1 << this.bits) + 1);
    this.fill = new Int32Array(1 << this.bits);
    this.scratch = new Int32Array(2 * n);
  }

  band(band: number): void {
    this.scatter(band);
    const { bounds } = this;
    for (let b = 0, buckets = 1 << this.bits; b < buckets; b++) this.bucket(band, bounds[b], bounds[b + 1]);
  }

  /**
   * Places the present units' keys bucket by bucket (stable: units stay in
   * listing order), leaving -1 in the band's keys for the buckets to
   * overwrite with links. Three loops, three methods: V8 optimises each with
   * its own feedback instead of deoptimising a whole on reaching the next.
   */
  private scatter(band: number): void {
    this.countBuckets(band);
    const { bounds, fill } = this;
    for (let b = 0, buckets = 1 << this.bits; b < buckets; b++) {
      bounds[b + 1] += bounds[b];
      fill[b] = bounds[b];
    }
    this.place(band);
  }

  /** bounds[b + 1] = the number of present units' keys in bucket b. */
  private countBuckets(band: number): void {
    const { links, n, bands, present, bounds } = this;
    // A key's bucket: its top `bits` bits (a shift by 31 - bits of key >>> 1 also works for bits = 0).
    const shift = 31 - this.bits;
    bounds.fill(0);
    for (let i = 0, at = band; i < n; i++, at += bands) if (present[i]) bounds[((links[at] >>> 1) >>> shift) + 1]++;
  }

  private place(band: number): void {
    const { links, n, bands, present, fill, scratch } = this;
    const shift = 31 - this.bits;
    for (let i = 0, at = band; i < n; i++, at += bands) {
      if (present[i]) {
        const key = links[at];
        const to = 2 * fill[(key >>> 1) >>> shift]++;
        scratch[to] = key;
        scratch[to + 1] = i;
      }
      links[at] = -1;
    }
  }

  /** Links the keys at positions lo..hi (one bucket): a table holds each key's latest unit, which the next unit with the key links to. */
  private bucket(band: number, lo: number, hi: number): void {
    let size = 16;
    while (size < 2 * (hi - lo)) size *= 2;
    if (size > this.table.length) this.table = new Int32Array(size);
    const { table, links, bands, scratch } = this;
    table.fill(0, 0, size);
    const mask = size - 1;
    // Keys in a bucket share their top bits; the low bits place them. table: position + 1 of the key's latest entry.
    for (let p = lo; p < hi; p++) {
      const key = scratch[2 * p];
      let slot = key & mask;
      while (table[slot] !== 0 && scratch[2 * table[slot] - 2] !== key) slot = (slot + 1) & mask;
      if (table[slot] !== 0) links[scratch[2 * p + 1] * bands + band] = scratch[2 * table[slot] - 1];
      table[slot] = p + 1;
    }
  }
}
