/** A side of a train/eval split. */
export type SplitSide = 'train' | 'eval';

/** Which records an output holds: all of them (no split) or one side of a split. */
export type OutputSide = 'all' | SplitSide;
