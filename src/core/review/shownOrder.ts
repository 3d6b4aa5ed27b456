/**
 * The blind side order of a review item: a permutation of its records drawn
 * from a seed and the item's key, so the same reviewer sees the same item the
 * same way round on every visit, while across items the first-shown side is a
 * coin flip. What was on screen is stored with each decision (`shown_order`).
 */
export function shownOrderOf(seed: string, itemKey: string, recordIds: readonly string[]): string[] {
  const order = [...recordIds];
  let state = hash32(`${seed}\u0000${itemKey}`);
  // Fisher–Yates with a small xorshift stream.
  for (let i = order.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** FNV-1a over UTF-16 code units, never zero (xorshift's fixed point). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 0x9e3779b9;
}
