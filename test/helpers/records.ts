import * as path from 'node:path';
import { ContextRecord, CurationSession, exportTraining, ExportOptions, importRecords, ImportOptions, makeRecord } from '../../src/core';

const T0 = 1_700_000_000;

/** A record like export.rs's test builder: session s1, run "run", created at T0 + secs. */
export function rec(id: string, role: string, text: string | null, secs: number, fields: Partial<ContextRecord> = {}): ContextRecord {
  return makeRecord({ id, run_id: 'run', created_at: (T0 + secs) * 1_000_000, role, text_payload: text }, { session_id: 's1', ...fields });
}

export const DIM = 4;

/** A 4-d embedding with the given leading components. */
export function emb(...lead: number[]): Float32Array {
  const v = new Float32Array(DIM);
  lead.forEach((x, i) => (v[i] = x));
  return v;
}

/** Writes records as one version of `<dir>/ctx.lance` (created with DIM-d embeddings). */
export async function addRecords(dir: string, records: ContextRecord[], options: ImportOptions = {}): Promise<string> {
  const store = path.join(dir, 'ctx.lance');
  await importRecords(store, records, { dim: DIM, ...options });
  return store;
}

/** Exports `<dir>/ctx.lance` to `<dir>/<file>` and returns the result. */
export async function exportStore(dir: string, options: ExportOptions, file = 'out.jsonl') {
  const session = await CurationSession.open(path.join(dir, 'ctx.lance'));
  try {
    const out = path.join(dir, file);
    return { out, result: await exportTraining(session, options, out) };
  } finally {
    await session.close();
  }
}
