/** Formats a count for people, the one way every surface writes counts: "1,283". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
