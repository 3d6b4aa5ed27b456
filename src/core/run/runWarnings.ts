import { filterKeyWarnings } from '../listing/filterKeyWarnings';
import type { ResolvedExportOptions } from '../options/resolveExportOptions';
import type { WalStatus } from '../store/walStatus';
import type { Curation } from './curate';
import { leakageWarnings, type SplitLeakage } from './splitLeakage';

/** WAL rows are not versioned, so a pinned read of a MemWAL store leaves them out. */
export const WAL_NOT_INCLUDED = 'write-ahead-log rows are not versioned and were not included (a pinned version reads the base table)';

/**
 * What the user should know about a run that did not stop it: a pinned read
 * that left write-ahead-log records out, an unstable scan order, skipped
 * unreadable records, filter keys no record has, leakage across the split.
 */
export function runWarnings(curation: Curation, config: ResolvedExportOptions, wal: WalStatus, leakage: SplitLeakage | undefined): string[] {
  return [...storeWarnings(curation, config, wal), ...filterKeyWarnings(curation.table, config.filters), ...(leakage ? leakageWarnings(leakage) : [])];
}

function storeWarnings(curation: Curation, config: ResolvedExportOptions, wal: WalStatus): string[] {
  const warnings: string[] = [];
  const store = curation.state.store;
  if (!wal.included && wal.walRecords > 0) {
    warnings.push(`${store.uri} at version ${store.version}: ${WAL_NOT_INCLUDED}; the latest read has ${wal.walRecords} record(s) there`);
  }
  if (config.order === 'scan' && curation.table.walRows > 0) {
    warnings.push(
      `scan order on ${store.uri}: ${curation.table.walRows} rows come from write-ahead-log generations, whose scan order ` +
        'is not stable between reads; dedup and the outputs may differ from run to run (list in created_at order instead)',
    );
  }
  const hidden = curation.listing.hidden;
  const unreadable = hidden.rules.invalid_metadata ?? 0;
  if (unreadable === 0) return warnings;
  let first = 0;
  while (hidden.at(first).rule !== 'invalid_metadata') first++;
  const { id, reason } = hidden.at(first);
  return [
    ...warnings,
    `skipped ${unreadable} record${unreadable > 1 ? 's' : ''} whose metadata is not valid JSON ` +
      `(first: record ${id} in ${curation.state.store.uri}: ${reason}); strict mode fails instead`,
  ];
}
