import * as v from 'valibot';
import { LISTING_ORDERS } from '../listing/listingOrder';
import { parseRecordFilters } from '../listing/recordFilters';
import { parseRfc3339Micros } from '../time/rfc3339';
import { optionError } from './optionError';
import { quoted } from './optionSchemas';
import { option } from './optionSpecType';

/** Which records are read: their order, filters, expiry and the dataset version. */
export const SELECTION_OPTIONS = {
  order: option({
    flag: 'order',
    valueName: '<order>',
    label: 'Listing order',
    help: 'order records before curation: created_at (reproducible on every store) or scan (storage order, as export.rs)',
    kind: 'choice',
    schema: v.picklist(LISTING_ORDERS, (issue) => `unknown order ${quoted(issue.input)} (use ${LISTING_ORDERS.join(', ')})`),
    default: 'created_at',
    choices: [
      { value: 'created_at', label: 'created_at, id', description: 'reproducible across reads, compaction and write-ahead-log layout' },
      { value: 'scan', label: 'storage (scan) order', description: 'export.rs exactly on stores without pending write-ahead-log data' },
    ],
    setting: true,
  }),
  filter: option({
    flag: 'filter',
    valueName: '<json>',
    label: 'Filter',
    help: 'RecordFilters JSON, e.g. \'{"role":"user","created_at":{"gte":"2025-01-01T00:00:00Z"}}\'',
    kind: 'json',
    schema: v.pipe(v.string(), v.maxLength(100_000, 'at most 100 000 characters')),
    prompt: true,
    refine: (value) => {
      if (value.trim() !== '') parseRecordFilters(value);
    },
  }),
  includeExpired: option({
    flag: 'include-expired',
    label: 'Include expired',
    help: 'keep records whose expires_at has passed',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  includeRetired: option({
    flag: 'include-retired',
    label: 'Include retired / superseded',
    help: 'keep retired, superseded and non-active records',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  referenceTime: option({
    flag: 'reference-time',
    valueName: '<rfc3339>',
    label: 'Reference time',
    help: '"now" for expiry (default: the current time)',
    kind: 'timestamp',
    schema: v.pipe(v.string(), v.maxLength(64, 'at most 64 characters')),
    refine: (value) => {
      if (parseRfc3339Micros(value) === undefined) {
        throw optionError('referenceTime', `'${value}' is not an RFC 3339 timestamp (e.g. 2024-03-01T00:00:00Z)`);
      }
    },
  }),
  version: option({
    flag: 'at-version',
    valueName: '<n>',
    label: 'Version',
    help: 'read this dataset version of the base table (time travel; default: latest)',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
  }),
} as const;
