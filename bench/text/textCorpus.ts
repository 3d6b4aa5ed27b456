import { SeededRandom, ZipfSampler } from '../synthetic/seededRandom';

/** A seeded corpus of conversation-like texts with planted near-duplicates. */
export interface TextCorpus {
  ids: string[];
  texts: string[];
  /** Planted pairs: `copies[k]` is an edited copy of `originals[k]` (indices). */
  copies: Int32Array;
  originals: Int32Array;
}

/**
 * `n` texts of ~`words` Zipf-distributed words; a `duplicates` fraction are
 * copies of an earlier text with a few words replaced and case/whitespace
 * changed, so the exact stage misses them and the MinHash stage must find
 * them. Same seed, same corpus.
 */
export function textCorpus(n: number, options: { words?: number; duplicates?: number; maxEdits?: number; seed?: number } = {}): TextCorpus {
  const random = new SeededRandom(options.seed ?? 7);
  const words = options.words ?? 150;
  const duplicates = options.duplicates ?? 0.1;
  const maxEdits = options.maxEdits ?? 3;
  const vocabulary: string[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < 30000; i++) {
    let word = '';
    const length = 2 + random.int(8);
    for (let c = 0; c < length; c++) word += letters[random.int(26)];
    vocabulary.push(word);
  }
  const zipf = new ZipfSampler(vocabulary.length, 1.05);
  const texts: string[] = [];
  const copies: number[] = [];
  const originals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && random.next() < duplicates) {
      const original = random.int(i);
      const tokens = texts[original].split(/\s+/);
      const edits = random.int(maxEdits + 1);
      for (let e = 0; e < edits; e++) tokens[random.int(tokens.length)] = vocabulary[zipf.sample(random)];
      if (random.next() < 0.5) tokens[0] = tokens[0].toUpperCase();
      texts.push(tokens.join(random.next() < 0.5 ? ' ' : '  '));
      copies.push(i);
      originals.push(original);
      continue;
    }
    const length = Math.max(5, Math.round(words * (0.8 + 0.4 * random.next())));
    const tokens: string[] = [];
    for (let w = 0; w < length; w++) tokens.push(vocabulary[zipf.sample(random)]);
    texts.push(tokens.join(' '));
  }
  return { ids: texts.map((_, i) => `r${i}`), texts, copies: Int32Array.from(copies), originals: Int32Array.from(originals) };
}
