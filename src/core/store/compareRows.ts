import { RowTable } from './rowTable';

/** Orders rows by `(created_at, id)`, ids compared as Rust strings (by UTF-8 bytes, which is code point order). */
export function compareRows(table: RowTable, a: number, b: number): number {
  const dt = table.createdAt[a] - table.createdAt[b];
  return dt !== 0 ? dt : table.id.compare(a, b);
}
