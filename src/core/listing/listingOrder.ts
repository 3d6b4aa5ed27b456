/** Listing order: by `(created_at, id)` (ids as UTF-8 bytes, reproducible) or as the scan returns rows. */
export type ListingOrder = 'created_at' | 'scan';
export const LISTING_ORDERS: readonly ListingOrder[] = ['created_at', 'scan'];
