import { LIFECYCLE_ACTIVE, LIFECYCLE_CONTRADICTED } from '../store/contextRecord';

/** lance-context's `LifecycleQueryOptions`: which records a listing shows. */
export interface LifecycleOptions {
  /** Show records whose `expires_at` has passed. */
  includeExpired?: boolean;
  /** Show retired, superseded and non-active records. */
  includeRetired?: boolean;
  /** "Now" for expiry, microseconds since the epoch (default: the current time). */
  referenceTime?: number;
}

/** Statuses visible by default; any other status hides a record unless retired records are included. */
export function isVisibleStatus(status: string): boolean {
  return status === LIFECYCLE_ACTIVE || status === LIFECYCLE_CONTRADICTED;
}
