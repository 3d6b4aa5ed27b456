import { groupKeyOf } from '../export/groupBy';
import type { ResolvedExportOptions } from '../options/resolveExportOptions';
import type { OutputSide, SplitSide } from '../split/outputSide';
import { splitFraction } from '../split/splitHash';
import type { Curation } from './curate';
import type { MovedGroups } from './splitLeakage';

/** The side of a row under the split's hash (eval when its key's fraction is below the eval fraction); undefined without a split. */
export function splitSideOf(curation: Curation, config: ResolvedExportOptions): ((row: number) => SplitSide) | undefined {
  if (!config.split) return undefined;
  const { evalFraction, by, seed } = config.split;
  const keyOf = groupKeyOf(by, curation.table);
  const fractions = new Map<string, number>();
  return (row) => {
    const key = keyOf(row);
    let fraction = fractions.get(key);
    if (fraction === undefined) fractions.set(key, (fraction = splitFraction(seed, key)));
    return fraction < evalFraction ? 'eval' : 'train';
  };
}

/**
 * The train/eval sides of a split, or one side. `moved` split groups go to
 * eval whatever their hash says (`--leakage move`).
 */
export function partition(curation: Curation, config: ResolvedExportOptions, moved?: MovedGroups): { side: OutputSide; rows: Int32Array }[] {
  const sideOf = splitSideOf(curation, config);
  if (!sideOf || !config.split) return [{ side: 'all', rows: curation.curated }];
  const keyOf = groupKeyOf(config.split.by, curation.table);
  const train: number[] = [];
  const evalRows: number[] = [];
  for (const row of curation.curated) {
    (sideOf(row) === 'eval' || (moved !== undefined && moved.size > 0 && moved.has(keyOf(row))) ? evalRows : train).push(row);
  }
  return [
    { side: 'train', rows: Int32Array.from(train) },
    { side: 'eval', rows: Int32Array.from(evalRows) },
  ];
}
