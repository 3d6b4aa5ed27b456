import { RANKED_PAIRS_MODES, RankedPairsMode } from '../options/exportVocabulary';
import { RankedCandidate } from './formatExample';

export { RANKED_PAIRS_MODES };
export type { RankedPairsMode };

export interface PreferencePair {
  chosen: RankedCandidate;
  rejected: RankedCandidate;
}

/**
 * Whether `a` is preferred to `b`. Equal ranks are no preference; neither
 * are equal scores when both ranks are only places in score order (the
 * decision numbers tied candidates 1, 2, … in arrival order, which says nothing).
 */
function prefers(a: RankedCandidate, b: RankedCandidate): boolean {
  if (a.rank === b.rank) return false;
  if (!a.rankIsExplicit && !b.rankIsExplicit && a.score === b.score) return false;
  return a.rank < b.rank;
}

/**
 * The pairs of a ranked list, best candidate first in each pair.
 *
 * @example
 * rankedPairs(candidates, 'adjacent') // ranks 1,2,3 → (1,2), (2,3)
 */
export function rankedPairs(candidates: RankedCandidate[], mode: RankedPairsMode = 'best-worst'): PreferencePair[] {
  const ordered = [...candidates].sort((a, b) => a.rank - b.rank);
  const pairs: PreferencePair[] = [];
  const push = (a: RankedCandidate, b: RankedCandidate) => {
    if (prefers(a, b)) pairs.push({ chosen: a, rejected: b });
  };
  if (ordered.length < 2) return pairs;
  switch (mode) {
    case 'best-worst':
      push(ordered[0], ordered[ordered.length - 1]);
      break;
    case 'adjacent':
      for (let i = 0; i + 1 < ordered.length; i++) push(ordered[i], ordered[i + 1]);
      break;
    case 'all':
      for (let i = 0; i < ordered.length; i++) for (let j = i + 1; j < ordered.length; j++) push(ordered[i], ordered[j]);
      break;
  }
  return pairs;
}
