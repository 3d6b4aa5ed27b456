import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CurationSession, ExportOptions, planExport } from '../../src/core';
import { addRecords, emb, exportStore, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('--keep in the embedding dedup', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  beforeEach(async () => {
    await addRecords(tmp(), [
      rec('k1', 'user', 'one', 1, { embedding: emb(1, 0), session_id: 's1' }),
      rec('k2', 'user', 'two', 2, { embedding: emb(1, 0.001), session_id: 's2' }),
      rec('k3', 'user', 'three', 3, { embedding: emb(1, 0.002), session_id: 's3' }),
    ]);
  });
  const dedupOf = (excluded: { id: string; duplicateOf?: string }[]) => excluded.map((e) => [e.id, e.duplicateOf]);
  /** The dedup stage's exclusions in a one-off plan (the direct stage, no cached graph). */
  const excludedBy = async (options: ExportOptions) => {
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      return (await planExport(session, options)).excluded.dedup.list();
    } finally {
      await session.close();
    }
  };

  it('keeps a kept id instead of the records it duplicates, earlier or later, in an export', async () => {
    const plain = await exportStore(tmp(), { dedupThreshold: 0.01 }, 'plain.jsonl');
    assert.deepEqual(plain.result.manifest.source_record_ids, ['k1']);
    const kept = await exportStore(tmp(), { dedupThreshold: 0.01, keep: ['k2'] }, 'kept.jsonl');
    assert.deepEqual(kept.result.manifest.source_record_ids, ['k2']);
    assert.deepEqual(dedupOf(await excludedBy({ dedupThreshold: 0.01, keep: ['k2'] })), [
      ['k1', 'k2'],
      ['k3', 'k2'],
    ]);
  });

  it('keeps two kept ids that duplicate each other, and the others go against the first of them', async () => {
    const kept = await exportStore(tmp(), { dedupThreshold: 0.01, keep: ['k3', 'k2'] }, 'kept.jsonl');
    assert.deepEqual(kept.result.manifest.source_record_ids, ['k2', 'k3']);
    assert.deepEqual(dedupOf(await excludedBy({ dedupThreshold: 0.01, keep: ['k3', 'k2'] })), [['k1', 'k2']]);
  });

  it('gives the same decisions in a recounting preview session (the cached neighbour graph)', async () => {
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'), { cachePayloads: true });
    try {
      assert.deepEqual(dedupOf((await planExport(session, { dedupThreshold: 0.01 })).excluded.dedup.list()), [
        ['k2', 'k1'],
        ['k3', 'k1'],
      ]);
      assert.deepEqual(dedupOf((await planExport(session, { dedupThreshold: 0.01, keep: ['k3'] })).excluded.dedup.list()), [
        ['k1', 'k3'],
        ['k2', 'k3'],
      ]);
      assert.deepEqual(dedupOf((await planExport(session, { dedupThreshold: 0.01, keep: ['k2'] })).excluded.dedup.list()), [
        ['k1', 'k2'],
        ['k3', 'k2'],
      ]);
      assert.deepEqual(dedupOf((await planExport(session, { dedupThreshold: 0.01, keep: ['k3', 'k1'] })).excluded.dedup.list()), [['k2', 'k1']]);
    } finally {
      await session.close();
    }
  });
});
