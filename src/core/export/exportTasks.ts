import { GroupBy } from './groupBy';

export type ExportTask = 'sft' | 'preference' | 'rollout';
export type PreferenceForm = 'paired' | 'unpaired' | 'ranked';

export const EXPORT_TASKS: readonly ExportTask[] = ['sft', 'preference', 'rollout'];
export const PREFERENCE_FORMS: readonly PreferenceForm[] = ['paired', 'unpaired', 'ranked'];

/** Schema version stamped into every export manifest. */
export const EXPORT_SCHEMA_VERSION = '1';

/** Listing order: by `(created_at, id)` (ids as UTF-8 bytes, reproducible) or as the scan returns rows. */
export type ListingOrder = 'created_at' | 'scan';
export const LISTING_ORDERS: readonly ListingOrder[] = ['created_at', 'scan'];
