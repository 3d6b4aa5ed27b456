/** The sides of an output: all records (no split), or one side of a train/eval split. */
export const OUTPUT_SIDES = ['all', 'train', 'eval'] as const;

/** Which records an output holds: all of them (no split) or one side of a split. */
export type OutputSide = (typeof OUTPUT_SIDES)[number];

/** A side of a train/eval split. */
export type SplitSide = Exclude<OutputSide, 'all'>;
