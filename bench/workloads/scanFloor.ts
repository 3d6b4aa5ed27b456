/**
 * The floor: a full scan of the store with lancedb's async iterator, every
 * column (or the columns given after the store).
 */
import * as lancedb from '@lancedb/lancedb';
import * as path from 'node:path';
import { report } from '../childRun';

async function main(): Promise<void> {
  const [store, ...columns] = process.argv.slice(2);
  const started = performance.now();
  const db = await lancedb.connect(path.dirname(store));
  const table = await db.openTable(path.basename(store).replace(/\.lance$/, ''));
  const query = columns.length > 0 ? table.query().select(columns) : table.query();
  let rows = 0;
  for await (const batch of query) rows += batch.numRows;
  table.close();
  db.close();
  report((performance.now() - started) / 1000, { rows });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
