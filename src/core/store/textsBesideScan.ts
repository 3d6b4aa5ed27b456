import { throwIfAborted } from '../errors';
import { columnData, readNumbers } from './arrowColumns';
import { ContextStore } from './contextStore';
import { concatNumberColumns, countingColumnOf, NumberColumn } from './numberColumn';
import { TextColumn, textColumnOf } from './payloadColumns';
import { LoadOptions, readTokensUsed, RowTable } from './rowTable';
import { TextBlocks } from './textBlocks';

/**
 * Reads every text of a base-table read in a scan of its own, started beside
 * the RowTable's (`table`, still loading), so lancedb decodes the texts while
 * the light columns are decoded in JS: what a one-shot export that writes
 * (nearly) every record's text would otherwise read in a second scan after
 * the first. Texts are kept by scan position; once the table is there, each
 * position must be the table's row of the same `_rowaddr`. When they are not
 * (another read order), this returns undefined and the caller reads the texts
 * it needs the usual way.
 */
export async function loadTextsBesideScan(store: ContextStore, table: Promise<RowTable>, options: LoadOptions = {}): Promise<TextColumn | undefined> {
  const length = await store.countRows();
  const blocks = new TextBlocks(length, options.budget);
  const addresses: NumberColumn[] = [];
  let position = 0;
  let overrun = false;
  // Batches of 4096 rows: fewer decoded texts in flight beside the RowTable's scan.
  for await (const batch of store.scan(['text_payload', 'state_metadata'], { withRowAddress: true, signal: options.signal, batchSize: 4096 })) {
    const n = batch.numRows;
    if (position + n > length) {
      overrun = true;
      break;
    }
    const data = columnData(batch, 'text_payload');
    const tokensUsed = readTokensUsed(batch);
    if (data) {
      blocks.batch(data);
      for (let i = 0; i < n; i++) {
        const used = tokensUsed[i];
        blocks.add(i, position + i, Number.isNaN(used) || used < 0);
      }
    }
    addresses.push(countingColumnOf([readNumbers(columnData(batch, '_rowaddr'), n)]));
    position += n;
    throwIfAborted(options.signal);
  }
  const { texts, words } = blocks.finish();
  await options.budget?.settle();
  const rows = await table;
  if (overrun || !sameRowsAsTable(concatNumberColumns(addresses), position, rows)) return undefined;
  return textColumnOf(texts, rows.length, words);
}

/**
 * Whether a scan beside the RowTable's returned the table's rows in the
 * table's order (`length` rows, position i of `_rowaddr` `scanned` being row
 * i): what lets its results be kept by scan position. A MemWAL read never does.
 */
export function sameRowsAsTable(scanned: NumberColumn, length: number, rows: RowTable): boolean {
  if (length !== rows.length || rows.walRows > 0) return false;
  for (let row = 0; row < rows.length; row++) if (scanned.at(row) !== rows.rowAddr.at(row)) return false;
  return true;
}
