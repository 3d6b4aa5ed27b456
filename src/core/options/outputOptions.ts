import * as v from 'valibot';
import { option } from './optionSpecType';

/** What else a run writes, and how strictly it reads. */
export const OUTPUT_OPTIONS = {
  stats: option({
    flag: 'stats',
    label: 'Write stats',
    help: 'also write <out>.stats.json',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  strict: option({
    flag: 'strict',
    label: 'Strict',
    help: 'fail on a record whose metadata is not valid JSON instead of skipping it',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
  }),
} as const;
