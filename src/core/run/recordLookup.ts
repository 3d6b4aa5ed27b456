import * as arrow from 'apache-arrow';
import { ContextRecord } from '../store/contextRecord';
import { decodeRecords } from '../store/decodeRecords';
import { columnData, readNumbers } from '../store/arrowColumns';
import { CurationSession } from './curationSession';

/**
 * The latest row of record `id` in a version, every column decoded (for
 * "show me this record"). Reads the rows of that id only and keeps the one
 * the loaded RowTable lists (by `_rowaddr`, or the generation row).
 */
export async function lookupRecord(session: CurationSession, id: string, version?: number): Promise<ContextRecord | undefined> {
  const state = await session.version(version);
  const table = await state.rowTable();
  const row = table.id.lastRowOf(id);
  if (row < 0) return undefined;
  const wanted = table.rowAddr.at(row);
  for (const batch of await state.store.rowsOfId(id, [...state.store.info.columns])) {
    const addresses = readNumbers(columnData(batch, '_rowaddr'), batch.numRows);
    for (let i = 0; i < batch.numRows; i++) {
      if (addresses[i] === wanted || (Number.isNaN(wanted) && Number.isNaN(addresses[i]))) {
        return decodeRecords(new arrow.Table(batch.slice(i, i + 1)))[0];
      }
    }
  }
  return undefined;
}
