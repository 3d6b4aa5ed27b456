/** One run of a word diff: words both texts share, or words only one of them has. */
export interface DiffRun {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Longest common subsequence table limit: beyond it the diff is not worth the memory. */
const MAX_CELLS = 400_000;

/**
 * A word-level diff of `after` against `before` (whitespace-separated words,
 * compared as written), by the longest common subsequence; runs of one kind
 * are merged. Undefined when the texts are too long to diff in the panel.
 *
 * @example
 * wordDiff('the quick fox', 'the slow fox')
 * // [{kind:'same',text:'the'},{kind:'removed',text:'quick'},{kind:'added',text:'slow'},{kind:'same',text:'fox'}]
 */
export function wordDiff(before: string, after: string): DiffRun[] | undefined {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return undefined;
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const runs: DiffRun[] = [];
  const push = (kind: DiffRun['kind'], word: string) => {
    const last = runs[runs.length - 1];
    if (last?.kind === kind) last.text += ` ${word}`;
    else runs.push({ kind, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i++]);
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      // On a tie the kept text's word goes first, so a replaced word reads "old → new".
      push('removed', a[i++]);
    } else {
      push('added', b[j++]);
    }
  }
  return runs;
}
