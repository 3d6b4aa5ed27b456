/** The export's vocabulary, at home in options/exportVocabulary.ts (tasks, forms) and listing/listingOrder.ts. */
export { EXPORT_TASKS, PREFERENCE_FORMS } from '../options/exportVocabulary';
export type { ExportTask, PreferenceForm } from '../options/exportVocabulary';
export { LISTING_ORDERS } from '../listing/listingOrder';
export type { ListingOrder } from '../listing/listingOrder';

/** Schema version stamped into every export manifest. */
export const EXPORT_SCHEMA_VERSION = '1';
