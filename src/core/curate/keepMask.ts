import { RowTable } from '../store/rowTable';

/** 1 at each position of `rows` whose id is kept (`--keep`), or undefined when none is. */
export function keepMask(table: RowTable, rows: Int32Array, keep: ReadonlySet<string> | undefined): Uint8Array | undefined {
  if (!keep || keep.size === 0) return undefined;
  let mask: Uint8Array | undefined;
  for (let k = 0; k < rows.length; k++) {
    if (keep.has(table.id.at(rows[k]))) (mask ??= new Uint8Array(rows.length))[k] = 1;
  }
  return mask;
}
