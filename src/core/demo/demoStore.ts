import * as fs from 'node:fs';
import * as path from 'node:path';
import { importRecords } from '../import/importRecords';
import { ContextStore } from '../store/contextStore';
import { writeThroughMemWal } from '../store/memWalWriter';
import { resolveStoreLocation } from '../store/storeLocation';
import { DEMO_DIM, demoVersions } from './demoRecords';

export interface DemoStore {
  /** The store directory (`<dir>/demo.lance`). */
  store: string;
  /** A holdout JSONL whose vectors match two rollout prompts. */
  holdout: string;
  /** Batches written: the first ones as base-table versions, the last ones through the MemWAL. */
  versions: number;
  records: number;
  /** Batches written through the MemWAL (flushed generations, not base versions). */
  walBatches: number;
}

export interface DemoOptions {
  /** Write the last batches through the MemWAL, as lance-context does (default true); false puts every batch in the base table. */
  throughWal?: boolean;
}

/** How many of the demo's batches go through the write-ahead log. */
const WAL_BATCHES = 2;

/**
 * Builds the demo store from scratch at `<dir>/demo.lance` and a matching
 * holdout file at `<dir>/holdout.jsonl`. Like a store lance-context writes
 * today, its last batches (an edit, a supersession, a tombstone) sit in
 * flushed MemWAL generations on top of the base table.
 */
export async function buildDemoStore(dir: string, options: DemoOptions = {}): Promise<DemoStore> {
  fs.mkdirSync(dir, { recursive: true });
  const store = path.join(path.resolve(dir), 'demo.lance');
  fs.rmSync(store, { recursive: true, force: true });
  const versions = demoVersions();
  const walBatches = options.throughWal === false ? 0 : WAL_BATCHES;
  let records = 0;
  for (const [index, batch] of versions.entries()) {
    if (index < versions.length - walBatches) {
      await importRecords(store, batch, { dim: DEMO_DIM, schema: { distanceMetric: 'cosine' } });
    } else {
      const opened = await ContextStore.open(store);
      const schema = opened.schema;
      opened.close();
      await writeThroughMemWal(resolveStoreLocation(store), batch, schema, { numBuckets: 2 });
    }
    records += batch.length;
  }
  const prompts = versions
    .flat()
    .filter((record) => record.role === 'user' && /^rollout-0[12]$/.test(record.session_id ?? ''));
  const holdout = path.join(path.resolve(dir), 'holdout.jsonl');
  fs.writeFileSync(
    holdout,
    prompts.map((record) => JSON.stringify({ id: `bench-${record.session_id}`, embedding: Array.from(record.embedding!) })).join('\n') + '\n',
  );
  return { store, holdout, versions: versions.length, records, walBatches };
}
