import * as v from 'valibot';
import { parseGroupBy } from './exportVocabulary';
import { optionError } from './optionError';
import { cosineDistance, finiteNumber, grouping, GROUPING_CHOICES, quoted } from './optionSchemas';
import { option } from './optionSpecType';

const U64_MAX = 2n ** 64n - 1n;

/** The group-disjoint train/eval split. */
export const SPLIT_OPTIONS = {
  splitEval: option({
    flag: 'split-eval',
    valueName: '<fraction>',
    label: 'Eval fraction',
    help: 'write group-disjoint .train/.eval outputs with this eval fraction',
    group: 'split',
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
    group: 'split',
    kind: 'grouping',
    schema: grouping,
    default: 'session_id',
    choices: GROUPING_CHOICES,
    refine: (value) => void parseGroupBy(value, 'splitBy'),
  }),
  splitSeed: option({
    flag: 'split-seed',
    valueName: '<n>',
    label: 'Seed',
    help: 'split seed, an unsigned 64-bit integer (needs --split-eval)',
    group: 'split',
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
    group: 'split',
    kind: 'choice',
    schema: v.picklist(['report', 'move'] as const, (issue) => `unknown leakage mode ${quoted(issue.input)} (use report, move)`),
    choices: [
      { value: 'report', label: 'report', description: 'list straddling pairs in <out>.leakage.json' },
      { value: 'move', label: 'move train side to eval', description: 'one deterministic pass; what still straddles is reported' },
    ],
    needs: (options) => (options.splitEval !== undefined ? undefined : 'a leakage check needs a split (an eval fraction)'),
  }),
  leakageThreshold: option({
    flag: 'leakage-threshold',
    valueName: '<x>',
    label: 'Leakage distance (cosine)',
    help: 'embedding cosine distance at or below which a train/eval pair leaks [default: the dedup threshold, else 0.05]',
    group: 'split',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    needs: (options) => (options.leakage !== undefined ? undefined : 'a leakage distance needs a leakage check'),
  }),
} as const;
