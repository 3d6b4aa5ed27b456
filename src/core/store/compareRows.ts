import { compareCodePoints } from '../strings/compareCodePoints';
import { RowTable } from './rowTable';

/** Orders rows by `(created_at, id)`, ids compared as Rust strings (by code point). */
export function compareRows(table: RowTable, a: number, b: number): number {
  const dt = table.createdAt[a] - table.createdAt[b];
  return dt !== 0 ? dt : compareCodePoints(table.id[a], table.id[b]);
}
