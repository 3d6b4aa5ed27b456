/**
 * Units filed under their band keys: one Map per band from key to the most
 * recently filed unit, and a chain to the earlier ones. A Map per band (not
 * one for all) keeps keys of different bands from colliding; keys are cut to
 * 30 bits so V8 stores them as small integers, which only adds candidates
 * that the exact verification then rejects.
 */
export class LshIndex {
  private readonly heads: Map<number, number>[];
  /** Per filed (unit, band) entry: the unit, and the previous entry with the same key (-1 = none). */
  private units: Int32Array;
  private next: Int32Array;
  private entries = 0;
  /** Last query that reported each unit, so a unit found in several bands is reported once. */
  private seen: Int32Array;
  private query = 0;

  constructor(
    private readonly bands: number,
    capacity = 1024,
  ) {
    this.heads = Array.from({ length: bands }, () => new Map<number, number>());
    this.units = new Int32Array(capacity * bands);
    this.next = new Int32Array(capacity * bands);
    this.seen = new Int32Array(capacity);
  }

  /** Files `unit` (a non-negative index) under its band keys. */
  add(unit: number, keys: Int32Array): void {
    if (this.entries + this.bands > this.units.length) this.grow();
    if (unit >= this.seen.length) {
      const seen = new Int32Array(Math.max(unit + 1, this.seen.length * 2));
      seen.set(this.seen);
      this.seen = seen;
    }
    for (let band = 0; band < this.bands; band++) {
      const key = keys[band] & 0x3fffffff;
      const map = this.heads[band];
      const e = this.entries++;
      this.units[e] = unit;
      this.next[e] = map.get(key) ?? -1;
      map.set(key, e);
    }
  }

  /** Units sharing at least one band key with `keys`, ascending, each once. */
  candidates(keys: Int32Array): number[] {
    const found: number[] = [];
    const stamp = ++this.query;
    for (let band = 0; band < this.bands; band++) {
      let e = this.heads[band].get(keys[band] & 0x3fffffff);
      while (e !== undefined && e >= 0) {
        const unit = this.units[e];
        if (this.seen[unit] !== stamp) {
          this.seen[unit] = stamp;
          found.push(unit);
        }
        e = this.next[e];
      }
    }
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  }

  private grow(): void {
    const units = new Int32Array(this.units.length * 2);
    units.set(this.units);
    const next = new Int32Array(this.next.length * 2);
    next.set(this.next);
    this.units = units;
    this.next = next;
  }
}
