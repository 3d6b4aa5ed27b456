import { compareRows } from '../store/compareRows';
import { RowTable } from '../store/rowTable';

/**
 * Sorts rows by `(created_at, id)`, ids by UTF-8 bytes: the order export.rs
 * uses within and between groups, and one that does not depend on how a read
 * happened to return the rows (an LSM scan's order changes between reads).
 * Ids are unique among listed records, so the order is total.
 */
export function orderByCreatedAt(table: RowTable, rows: Int32Array): Int32Array {
  return Int32Array.from(rows).sort((a, b) => compareRows(table, a, b));
}
