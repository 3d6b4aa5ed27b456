/** Distinct pieces remembered before the memo starts over. */
const ENTRIES = 1 << 18;
/** Open addressing at most half full. */
const SLOTS = ENTRIES * 2;
/** Bytes of remembered piece text before the memo starts over. */
const ARENA_BYTES = 1 << 23;
/** Longer pieces (long runs of spaces or symbols) are counted each time. */
const MAX_PIECE = 255;

// A slot: the piece's hash, its arena offset + 1 (0: empty), its length, its count; one cache line holds four.
const HASH = 0;
const OFFSET = 1;
const LENGTH = 2;
const COUNT = 3;
const STRIDE = 4;

/**
 * Token counts of ASCII pieces, looked up by the piece's place in its text's
 * code units: no substring is made for a piece seen before. The pieces'
 * characters are kept as bytes in an arena. Full, it starts over.
 */
export class AsciiPieceMemo {
  private readonly slots = new Int32Array(SLOTS * STRIDE);
  private readonly arena = new Uint8Array(ARENA_BYTES);
  private used = 0;
  private entries = 0;

  /** @param countPiece the token count of a piece not seen before */
  constructor(private readonly countPiece: (piece: string) => number) {}

  /** Tokens of `text[start, end)`, whose code units are `units[start, end)`, all ASCII. */
  count(text: string, units: Uint16Array, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_PIECE) return this.countPiece(text.slice(start, end));
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ units[i], 0x01000193);
    hash ^= hash >>> 15;
    const slots = this.slots;
    const mask = SLOTS - 1;
    let slot = hash & mask;
    for (;;) {
      const at = slot * STRIDE;
      const offset = slots[at + OFFSET];
      if (offset === 0) break;
      if (slots[at + HASH] === hash && slots[at + LENGTH] === length && this.sameUnits(offset - 1, units, start, length)) return slots[at + COUNT];
      slot = (slot + 1) & mask;
    }
    const count = this.countPiece(text.slice(start, end));
    if (this.entries >= ENTRIES || this.used + length > ARENA_BYTES) {
      this.clear();
      slot = hash & mask;
    }
    this.arena.set(units.subarray(start, end), this.used);
    const at = slot * STRIDE;
    slots[at + HASH] = hash;
    slots[at + OFFSET] = this.used + 1;
    slots[at + LENGTH] = length;
    slots[at + COUNT] = count;
    this.used += length;
    this.entries++;
    return count;
  }

  private sameUnits(offset: number, units: Uint16Array, start: number, length: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[offset + i] !== units[start + i]) return false;
    return true;
  }

  private clear(): void {
    this.slots.fill(0);
    this.used = 0;
    this.entries = 0;
  }
}
