import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { ContextStore, CuratorError, guessStoreKind, inspectDataset } from '../../src/core';
import { useTempDir } from '../helpers/tempDir';

describe('datasets of other record kinds', () => {
  const tmp = useTempDir();

  it('refuses a rollout-like dataset as "not a context store: looks like a rollout store"', async () => {
    const db = await lancedb.connect(tmp());
    const table = await db.createTable('rollouts', [{ rollout_id: 'r1', run_id: 'run', reward: 0.5, created_at: 1 }]);
    table.close();
    db.close();
    await assert.rejects(ContextStore.open(path.join(tmp(), 'rollouts.lance')), (error: unknown) => {
      assert.ok(CuratorError.is(error, 'store'));
      assert.match(error.message, /rollouts\.lance: not a context store: looks like a rollout store \(missing columns id, role, content_type\)/);
      return true;
    });
  });

  it('inspectDataset gives the tree the kind and the reason without failing', async () => {
    const db = await lancedb.connect(tmp());
    (await db.createTable('traces', [{ trace_id: 't', span_id: 's', created_at: 1 }])).close();
    db.close();
    assert.deepEqual(await inspectDataset(path.join(tmp(), 'traces.lance')), { kind: 'trace', reason: 'not a context store: looks like a trace store' });
  });

  it('guesses the kind from column names, for the stores tree', () => {
    assert.equal(guessStoreKind(['id', 'run_id', 'created_at', 'role', 'content_type']), 'context');
    assert.equal(guessStoreKind(['id', 'episode_id', 'actions']), 'rollout');
    assert.equal(guessStoreKind(['trace_id', 'span_id', 'name']), 'trace');
    assert.equal(guessStoreKind(['id', 'prompt', 'completion']), 'datagen');
    assert.equal(guessStoreKind(['id', 'payload']), 'generic');
  });
});
