/** serde_json's recursion limit: 127 nested arrays/objects parse, the 128th fails. */
export const SERDE_DEPTH_LIMIT = 127;

/**
 * The message serde_json gives for text nested deeper than `limit`, or
 * undefined when it is within the limit. One linear scan that skips strings,
 * run before any recursive parser sees the text, so hostile metadata (200 000
 * nested arrays) is invalid JSON rather than a stack overflow.
 */
export function depthProblem(text: string, limit = SERDE_DEPTH_LIMIT): string | undefined {
  // Going past the limit takes more than `limit` opening brackets: short texts (most metadata) need no scan.
  if (text.length <= limit) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return `recursion limit exceeded: more than ${limit} nested arrays or objects at position ${i}`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

/** `JSON.parse` with serde_json's depth limit; throws SyntaxError like an invalid document. */
export function parseJsonBounded(text: string): unknown {
  const problem = depthProblem(text);
  if (problem) throw new SyntaxError(problem);
  return JSON.parse(text);
}
