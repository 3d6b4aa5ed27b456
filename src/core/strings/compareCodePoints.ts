/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8
 * encoding and so the order of Rust's `String::cmp`. JavaScript's `<` compares
 * UTF-16 code units, which sorts astral characters (surrogate pairs) below
 * U+E000..U+FFFF; this fixes that without allocating.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (astral code points) above the rest of the BMP. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
