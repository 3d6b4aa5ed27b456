import { throwIfAborted } from '../../errors';
import { NgramIndex } from './ngramIndex';
import { normaliseText } from './normaliseText';
import { TextUnit } from './textUnit';

/** A unit removed because it shares words with a benchmark item. */
export interface NgramMatch {
  /** Position of the unit in the input. */
  index: number;
  id: string;
  benchmark: {
    file: string;
    /** 1-based line of the item in `file`. */
    line: number;
    /** The shared word sequence, normalised. */
    ngram: string;
  };
}

export interface NgramDecontaminationResult {
  /** 1 where the unit is kept, by position in the input. */
  kept: Uint8Array;
  /** The removed units, in input order, with the first match of each. */
  matches: NgramMatch[];
  /** What was decontaminated against. */
  report: {
    n: number;
    items: number;
    indexedItems: number;
    /** Items of fewer than 3 words, not used. */
    ignoredItems: number;
    ignored: { file: string; line: number }[];
    ngrams: number;
  };
}

/**
 * Drops every unit whose normalised text shares a word n-gram with a
 * benchmark item, or contains a shorter item (3..n−1 words) whole, on word
 * boundaries. Unlike the dedup stages, `--keep` does not protect a unit here:
 * contamination is removed whoever asked to keep it.
 *
 * @example
 * const index = NgramIndex.build(loadBenchmarkItems(['eval.jsonl']), 13);
 * const { kept, matches } = decontaminateNgrams(units, index);
 */
export function decontaminateNgrams(units: readonly TextUnit[], index: NgramIndex, options: { signal?: AbortSignal } = {}): NgramDecontaminationResult {
  const kept = new Uint8Array(units.length);
  const matches: NgramMatch[] = [];
  for (let i = 0; i < units.length; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(options.signal);
    const hit = index.find(normaliseText(units[i].text));
    if (hit) matches.push({ index: i, id: units[i].id, benchmark: { file: hit.item.file, line: hit.item.line, ngram: hit.ngram } });
    else kept[i] = 1;
  }
  return {
    kept,
    matches,
    report: {
      n: index.n,
      items: index.items.length,
      indexedItems: index.indexed,
      ignoredItems: index.ignored.length,
      ignored: index.ignored.map(({ file, line }) => ({ file, line })),
      ngrams: index.ngrams,
    },
  };
}
