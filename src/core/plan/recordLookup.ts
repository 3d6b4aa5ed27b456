import { ContextRecord } from '../store/contextRecord';
import { decodeRecords } from '../store/decodeRecords';
import { CurationSession } from './curationSession';

/**
 * The latest row of record `id` in a version, every column decoded (for
 * "show me this record"). Uses the loaded row ids, so it reads one row.
 */
export async function lookupRecord(session: CurationSession, id: string, version?: number): Promise<ContextRecord | undefined> {
  const state = await session.version(version);
  const table = await state.rowTable();
  let row = -1;
  for (let i = table.length - 1; i >= 0; i--) {
    if (table.id[i] === id) {
      row = i;
      break;
    }
  }
  if (row < 0) return undefined;
  const rows = await state.store.takeRows([table.rowId[row]], [...state.store.info.columns]);
  return decodeRecords(rows)[0];
}
