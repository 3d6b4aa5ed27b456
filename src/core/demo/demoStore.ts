import * as fs from 'node:fs';
import * as path from 'node:path';
import { importRecords } from '../import/importRecords';
import { DEMO_DIM, demoVersions } from './demoRecords';

export interface DemoStore {
  /** The store directory (`<dir>/demo.lance`). */
  store: string;
  /** A holdout JSONL whose vectors match two rollout prompts. */
  holdout: string;
  versions: number;
  records: number;
}

/**
 * Builds the demo store from scratch at `<dir>/demo.lance` (four versions) and
 * a matching holdout file at `<dir>/holdout.jsonl`.
 */
export async function buildDemoStore(dir: string): Promise<DemoStore> {
  fs.mkdirSync(dir, { recursive: true });
  const store = path.join(path.resolve(dir), 'demo.lance');
  fs.rmSync(store, { recursive: true, force: true });
  const versions = demoVersions();
  let records = 0;
  for (const batch of versions) {
    await importRecords(store, batch, { dim: DEMO_DIM, schema: { distanceMetric: 'cosine' } });
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
  return { store, holdout, versions: versions.length, records };
}
