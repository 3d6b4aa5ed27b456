import { LeakagePair } from '../curate/leakage';
import { normaliseText } from '../curate/text/normaliseText';

/** One line of the leakage list: a pair, a text many pairs share folded into one, or (group unit) a pair of groups. */
export interface LeakageLine {
  /** The most severe pair the line stands for. */
  pair: LeakagePair;
  /** The texts of that pair's records, clipped to {@link TEXT_SHOWN} characters. */
  trainText: string;
  evalText: string;
  /** A text recurring in many pairs: the text and the pairs folded under it. */
  folded?: { text: string; pairs: number };
  /** Group unit: the record pairs between the two groups. */
  recordPairs?: number;
}

/** Characters of a record's text shown per side. */
export const TEXT_SHOWN = 400;
/** A text in this many pairs or more is folded into one line. */
export const FOLD_AT = 3;

/** How close a pair is, in [0, 1] whichever measure found it: Jaccard, or 1 − cosine distance. */
export function closenessOf(pair: LeakagePair): number {
  return Math.max(pair.similarity ?? -Infinity, pair.distance !== undefined ? 1 - pair.distance : -Infinity);
}

/**
 * The leakage pairs as a person reads them (the `.leakage.json` report keeps
 * every pair as found): most severe first, closer pairs (to 0.001) and then
 * longer shared texts first; a text in {@link FOLD_AT} or more pairs ("Thanks, that
 * helps.") folded into one line after the others; with `byGroup`, the
 * others one line per train/eval group pair. `textOf` gives a unit's text by its index.
 */
export function digestLeakage(pairs: readonly LeakagePair[], textOf: (index: number) => string, options: { byGroup?: boolean } = {}): LeakageLine[] {
  const clip = (text: string) => (text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN)}…` : text);
  const line = (pair: LeakagePair, extra: Partial<LeakageLine> = {}): LeakageLine => ({ pair, trainText: clip(textOf(pair.trainIndex)), evalText: clip(textOf(pair.evalIndex)), ...extra });
  // Closeness in steps of 0.001 (as shown), then the longer shared text: an identical "ok" is less of a leak than a near-identical paragraph.
  const step = (pair: LeakagePair) => Math.round(closenessOf(pair) * 1000);
  const severer = (a: LeakagePair, b: LeakagePair) => step(b) - step(a) || sharedLength(b) - sharedLength(a) || closenessOf(b) - closenessOf(a);
  const lengths = new Map<number, number>();
  const sharedLength = (pair: LeakagePair) => Math.min(lengthOf(pair.trainIndex), lengthOf(pair.evalIndex));
  const lengthOf = (index: number) => lengths.get(index) ?? (lengths.set(index, textOf(index).length), textOf(index).length);

  const normalised = new Map<number, string>();
  const keyOf = (index: number) => normalised.get(index) ?? (normalised.set(index, normaliseText(textOf(index))), normalised.get(index)!);
  const pairsWith = new Map<string, number>();
  for (const pair of pairs) {
    const texts = new Set([keyOf(pair.trainIndex), keyOf(pair.evalIndex)]);
    for (const text of texts) pairsWith.set(text, (pairsWith.get(text) ?? 0) + 1);
  }
  const singles: LeakagePair[] = [];
  const folds = new Map<string, LeakagePair[]>();
  for (const pair of pairs) {
    const [a, b] = [keyOf(pair.trainIndex), keyOf(pair.evalIndex)];
    const text = pairsWith.get(a)! >= pairsWith.get(b)! ? a : b;
    if (pairsWith.get(text)! < FOLD_AT) singles.push(pair);
    else folds.set(text, [...(folds.get(text) ?? []), pair]);
  }
  const folded = [...folds.entries()]
    .map(([, list]) => list.sort(severer))
    .sort((a, b) => b.length - a.length || severer(a[0], b[0]))
    .map((list) => {
      const first = list[0];
      const shared = pairsWith.get(keyOf(first.trainIndex))! >= pairsWith.get(keyOf(first.evalIndex))! ? first.trainIndex : first.evalIndex;
      return line(first, { folded: { text: clip(textOf(shared)), pairs: list.length } });
    });
  if (!options.byGroup) return [...singles.sort(severer).map((pair) => line(pair)), ...folded];
  const byGroups = new Map<string, LeakagePair[]>();
  for (const pair of singles) {
    const key = JSON.stringify([pair.trainGroup, pair.evalGroup]);
    const list = byGroups.get(key) ?? [];
    if (list.length === 0) byGroups.set(key, list);
    list.push(pair);
  }
  const groupLines = [...byGroups.values()].map((list) => list.sort(severer)).sort((a, b) => severer(a[0], b[0]));
  return [...groupLines.map((list) => line(list[0], { recordPairs: list.length })), ...folded];
}
