import * as v from 'valibot';
import { parseGroupBy } from './exportVocabulary';
import { optionError } from './optionError';
import { cosineDistance, finiteNumber, grouping, GROUPING_CHOICES, quoted } from './optionSchemas';
import { option, requires } from './optionSpecType';

const U64_MAX = 2n ** 64n - 1n;

/** A setting of the split: refused without an eval fraction (the error names it), dropped by the panel when the split goes. */
const ofTheSplit = requires('splitEval', 'a split seed or grouping needs an eval fraction', true);

/** The group-disjoint train/eval split. */
export const SPLIT_OPTIONS = {
  splitEval: option({
    flag: 'split-eval',
    valueName: '<fraction>',
    label: 'Eval fraction',
    help: 'write group-disjoint .train/.eval outputs with this eval fraction',
    kind: 'number',
    schema: v.pipe(
      finiteNumber('a fraction'),
      v.minValue(0, (issue) => `the eval fraction must be between 0 and 1, got ${issue.input}`),
      v.maxValue(1, (issue) => `the eval fraction must be between 0 and 1, got ${issue.input}`),
    ),
    slider: { min: 0, max: 1, step: 0.01, start: 0.1 },
    prompt: true,
    setting: true,
  }),
  splitBy: option({
    flag: 'split-by',
    valueName: '<g>',
    label: 'Split by',
    help: 'grouping the split is disjoint on (needs --split-eval)',
    kind: 'grouping',
    schema: grouping,
    default: 'session_id',
    choices: GROUPING_CHOICES,
    refine: (value) => void parseGroupBy(value, 'splitBy'),
    needs: [ofTheSplit],
  }),
  splitSeed: option({
    flag: 'split-seed',
    valueName: '<n>',
    label: 'Seed',
    help: 'split seed, an unsigned 64-bit integer (needs --split-eval)',
    kind: 'seed',
    schema: v.union(
      [
        v.pipe(v.string(), v.trim(), v.regex(/^\d{1,20}$/, `expected an integer from 0 to ${U64_MAX}`)),
        v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      ],
      `expected an integer from 0 to ${U64_MAX}`,
    ),
    default: '0',
    refine: (value) => {
      if (BigInt(String(value).trim()) > U64_MAX) throw optionError('splitSeed', `expected an integer from 0 to ${U64_MAX}, got ${value}`);
    },
    needs: [ofTheSplit],
  }),
} as const;

/**
 * The train/eval leakage check, part of the split: the table lists it after
 * the format options, its place in help, the README and the settings.
 */
export const LEAKAGE_OPTIONS = {
  leakage: option({
    flag: 'leakage',
    valueName: '<mode>',
    label: 'Train/eval leakage',
    help: 'near-duplicate pairs straddling the split: report them in <out>.leakage.json, or move each pair\'s train group to eval',
    kind: 'choice',
    schema: v.picklist(['report', 'move'] as const, (issue) => `unknown leakage mode ${quoted(issue.input)} (use report, move)`),
    choices: [
      { value: 'report', label: 'report', description: 'list straddling pairs in <out>.leakage.json' },
      { value: 'move', label: 'move train side to eval', description: 'one deterministic pass; what still straddles is reported' },
    ],
    needs: [{ met: (options) => options.splitEval !== undefined, because: 'a leakage check needs a split (an eval fraction)', part: true }],
  }),
  leakageThreshold: option({
    flag: 'leakage-threshold',
    valueName: '<x>',
    label: 'Leakage distance (cosine)',
    help: 'embedding cosine distance at or below which a train/eval pair leaks [default: the dedup threshold, else 0.05]',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    needs: [{ met: (options) => options.leakage !== undefined, because: 'a leakage distance needs a leakage check', part: true }],
  }),
} as const;
