import * as arrow from 'apache-arrow';
import { throwIfAborted } from '../errors';
import { columnData, readNumbers } from './arrowColumns';
import { ContextStore } from './contextStore';
import { concatNumberColumns, countingColumnOf, NumberColumn } from './numberColumn';
import { TextColumn, textColumnOf } from './payloadColumns';
import { LoadOptions, readTokensUsed, RowTable } from './rowTable';
import { TextBlocks } from './textBlocks';
import { wantsWordCount } from './wordCounts';

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
  const { rows, matched } = await scanTextsBeside(store, table, options, (data, tokensUsed, position) => {
    if (position + tokensUsed.length > length) return false;
    if (!data) return true;
    blocks.batch(data);
    for (let i = 0; i < tokensUsed.length; i++) {
      const used = tokensUsed[i];
      blocks.add(i, position + i, wantsWordCount(used));
    }
    return true;
  });
  const { texts, words } = blocks.finish();
  await options.budget?.settle();
  return matched ? textColumnOf(texts, rows.length, words) : undefined;
}

/**
 * One scan of `text_payload` and `state_metadata.tokens_used` beside the
 * RowTable's (`table`, still loading), in batches of 4096 rows (fewer decoded
 * texts in flight beside the other scan: a 1M first plan peaked at 750-790 MB
 * with them, 870-920 MB with the default 16384). `visit` sees each batch's
 * texts at its scan position and may stop the scan (false). Then `matched`
 * says whether the scan was the table's rows in the table's order, which is
 * what lets its results be kept by scan position.
 */
export async function scanTextsBeside(
  store: ContextStore,
  table: Promise<RowTable>,
  options: LoadOptions,
  visit: (data: arrow.Data | undefined, tokensUsed: Float64Array, position: number) => boolean,
): Promise<{ rows: RowTable; matched: boolean }> {
  const addresses: NumberColumn[] = [];
  let position = 0;
  let stopped = false;
  for await (const batch of store.scan(['text_payload', 'state_metadata'], { withRowAddress: true, signal: options.signal, batchSize: 4096 })) {
    if (!visit(columnData(batch, 'text_payload'), readTokensUsed(batch), position)) {
      stopped = true;
      break;
    }
    addresses.push(countingColumnOf([readNumbers(columnData(batch, '_rowaddr'), batch.numRows)]));
    position += batch.numRows;
    throwIfAborted(options.signal);
  }
  const rows = await table;
  return { rows, matched: !stopped && sameRowsAsTable(concatNumberColumns(addresses), position, rows) };
}

/**
 * Whether a scan beside the RowTable's returned the table's rows in the
 * table's order (`length` rows, position i of `_rowaddr` `scanned` being row
 * i). A MemWAL read never does.
 */
function sameRowsAsTable(scanned: NumberColumn, length: number, rows: RowTable): boolean {
  if (length !== rows.length || rows.walRows > 0) return false;
  for (let row = 0; row < rows.length; row++) if (scanned.at(row) !== rows.rowAddr.at(row)) return false;
  return true;
}
