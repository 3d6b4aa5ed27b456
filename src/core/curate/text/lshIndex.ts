/**
 * Units filed under their band keys: per band, an open-addressing table from
 * key to the most recently filed entry, and a chain to earlier entries with
 * the same key. Typed arrays rather than Maps: at a million units × 12 bands
 * Maps cost about twice the memory and most of the garbage collection time.
 * A table per band keeps keys of different bands from colliding.
 */
export class LshIndex {
  /** Per band: `slots` keys and entry + 1 (0 = empty slot), interleaved [key, entry + 1]. */
  private tables: Int32Array[];
  private mask: number;
  /** Per band, keys filed. */
  private filled = 0;
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
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.mask = slots - 1;
    this.tables = Array.from({ length: bands }, () => new Int32Array(2 * slots));
    this.units = new Int32Array(capacity * bands);
    this.next = new Int32Array(capacity * bands);
    this.seen = new Int32Array(capacity);
  }

  /** Files `unit` (a non-negative index) under its band keys. */
  add(unit: number, keys: Int32Array): void {
    if (this.entries + this.bands > this.units.length) this.growEntries();
    if (unit >= this.seen.length) {
      const seen = new Int32Array(Math.max(unit + 1, this.seen.length * 2));
      seen.set(this.seen);
      this.seen = seen;
    }
    // Keep every table at most half full, so probes stay short.
    if (2 * (this.filled + 1) > this.mask + 1) this.growTables();
    let added = false;
    for (let band = 0; band < this.bands; band++) {
      const table = this.tables[band];
      const key = keys[band];
      const e = this.entries++;
      this.units[e] = unit;
      let slot = key & this.mask;
      while (table[2 * slot + 1] !== 0 && table[2 * slot] !== key) slot = (slot + 1) & this.mask;
      if (table[2 * slot + 1] === 0) {
        table[2 * slot] = key;
        added = true;
      }
      this.next[e] = table[2 * slot + 1] - 1;
      table[2 * slot + 1] = e + 1;
    }
    // Tables fill alike (one key per band per unit); count the fullest bound once per unit.
    if (added) this.filled++;
  }

  /** Units sharing at least one band key with `keys`, ascending, each once. */
  candidates(keys: Int32Array): number[] {
    const found: number[] = [];
    const stamp = ++this.query;
    for (let band = 0; band < this.bands; band++) {
      const table = this.tables[band];
      const key = keys[band];
      let slot = key & this.mask;
      while (table[2 * slot + 1] !== 0 && table[2 * slot] !== key) slot = (slot + 1) & this.mask;
      let e = table[2 * slot + 1] - 1;
      while (e >= 0) {
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

  private growEntries(): void {
    const units = new Int32Array(this.units.length * 2);
    units.set(this.units);
    const next = new Int32Array(this.next.length * 2);
    next.set(this.next);
    this.units = units;
    this.next = next;
  }

  private growTables(): void {
    const mask = 2 * (this.mask + 1) - 1;
    this.tables = this.tables.map((old) => {
      const table = new Int32Array(2 * (mask + 1));
      for (let s = 0; s < old.length; s += 2) {
        if (old[s + 1] === 0) continue;
        let slot = old[s] & mask;
        while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
        table[2 * slot] = old[s];
        table[2 * slot + 1] = old[s + 1];
      }
      return table;
    });
    this.mask = mask;
  }
}
