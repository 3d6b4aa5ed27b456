/**
 * Whether a record's words stand in for its tokens: its `tokens_used` is
 * missing (NaN) or negative. Word counts are made for these records only.
 */
export function wantsWordCount(tokensUsed: number): boolean {
  return Number.isNaN(tokensUsed) || tokensUsed < 0;
}

/**
 * Word counts of a text column's rows, made while the texts are read or when
 * first asked: two bytes a row (a text of 65,534 words or more keeps its
 * count in a map beside them), not four.
 */
export class WordCounts {
  private readonly counts: Uint16Array;
  private readonly large = new Map<number, number>();

  constructor(length: number) {
    this.counts = new Uint16Array(length).fill(UNCOUNTED);
  }

  /** The count of `row`, or undefined while it is not counted. */
  get(row: number): number | undefined {
    const count = this.counts[row];
    if (count === UNCOUNTED) return undefined;
    return count === LARGE ? this.large.get(row) : count;
  }

  set(row: number, count: number): void {
    if (count >= LARGE) {
      this.large.set(row, count);
      this.counts[row] = LARGE;
    } else this.counts[row] = count;
  }
}

const UNCOUNTED = 0xffff;
/** The count is in the map. */
const LARGE = 0xfffe;
