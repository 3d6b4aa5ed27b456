import { compareCodePoints } from '../strings/compareCodePoints';
import type { SplitSide } from '../split/outputSide';

export type { SplitSide };

/** A unit (record or group) of a split run and the side its split group was assigned to. */
export interface SplitUnit {
  id: string;
  split: SplitSide;
  /** Split group key: the split assigns whole groups, and `move` moves whole groups. */
  group: string;
}

/** One measure's evidence that two units are near duplicates (positions in the units). */
export interface PairEvidence {
  train: number;
  eval: number;
  /** Embedding cosine distance (the seed's formula), when the embedding measure found the pair. */
  distance?: number;
  /** Exact Jaccard similarity of the shingle sets, when the text measure found the pair. */
  similarity?: number;
}

/**
 * A way to find near-duplicate pairs that straddle a split. Built once over
 * the units, so a move's second look (with moved groups) costs only the pairing.
 */
export interface LeakageMeasure {
  straddling(sideOf: (unit: number) => SplitSide): PairEvidence[];
}

/** A near-duplicate pair straddling the split, with the evidence of every measure that found it. */
export interface LeakagePair {
  trainIndex: number;
  trainId: string;
  trainGroup: string;
  evalIndex: number;
  evalId: string;
  evalGroup: string;
  /** Embedding cosine distance, when at or below the leakage distance. */
  distance?: number;
  /** Exact shingle Jaccard, when at or above the text threshold. */
  similarity?: number;
}

/**
 * The pairs any measure finds straddling the split, one entry per pair with
 * the evidence of each measure that found it, ordered by eval unit, then
 * train unit (input positions).
 */
export function findLeakage(units: readonly SplitUnit[], measures: readonly LeakageMeasure[], sideOf: (unit: number) => SplitSide = (i) => units[i].split): LeakagePair[] {
  const byPair = new Map<number, LeakagePair>();
  for (const measure of measures) {
    for (const found of measure.straddling(sideOf)) {
      const key = found.eval * units.length + found.train;
      let pair = byPair.get(key);
      if (!pair) {
        const train = units[found.train];
        const held = units[found.eval];
        pair = { trainIndex: found.train, trainId: train.id, trainGroup: train.group, evalIndex: found.eval, evalId: held.id, evalGroup: held.group };
        byPair.set(key, pair);
      }
      if (found.distance !== undefined) pair.distance = found.distance;
      if (found.similarity !== undefined) pair.similarity = found.similarity;
    }
  }
  return [...byPair.values()].sort((a, b) => a.evalIndex - b.evalIndex || a.trainIndex - b.trainIndex);
}

/** Outcome of moving leaked train groups to eval. */
export interface LeakageMove {
  /** Pairs straddling the split before the move. */
  before: LeakagePair[];
  /** Train groups moved to eval, ordered by code point. */
  moved: string[];
  /** Pairs still straddling after the move (moved units can now leak against other train units). */
  after: LeakagePair[];
}

/**
 * `--leakage move`: one deterministic pass that moves the train-side group of
 * every straddling pair to eval, then lists what still straddles. Not
 * repeated to a fixed point: each pass can only grow eval, and a person
 * should see what a second pass would move rather than have eval swallow
 * train by chains of similarity. With `recorded` (a replay), those groups
 * are moved instead of the ones this run's pairs name.
 */
export function moveLeakage(units: readonly SplitUnit[], measures: readonly LeakageMeasure[], recorded?: readonly string[]): LeakageMove {
  const before = findLeakage(units, measures);
  const moved = recorded ? [...recorded] : [...new Set(before.map((pair) => pair.trainGroup))].sort(compareCodePoints);
  const movedSet = new Set(moved);
  const after = findLeakage(units, measures, (i) => (movedSet.has(units[i].group) ? 'eval' : units[i].split));
  return { before, moved, after };
}
