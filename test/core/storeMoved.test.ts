import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CuratorError, CurationSession, exportTraining, planExport, StoreMoved } from '../../src/core';
import { baseStore, walPut } from '../helpers/memWalStore';
import { rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('an export when the store moved after the counts (issue 17 item 1)', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  const conversation = (session: string, at: number) => [rec(`${session}-q`, 'user', `question ${session}`, at, { session_id: session }), rec(`${session}-a`, 'assistant', `answer ${session}`, at + 1, { session_id: session })];
  let store: string;
  let counted: { read: string; examples: number };
  beforeEach(async () => {
    store = await baseStore(tmp(), [conversation('s1', 0)]);
    await walPut(store, conversation('s2', 10));
    const session = await CurationSession.open(store);
    try {
      const plan = await planExport(session, {});
      counted = { read: plan.store.read, examples: plan.output.counts.examples };
    } finally {
      await session.close();
    }
    assert.equal(counted.examples, 2);
    // A MemWAL upsert while the save dialog is open.
    await walPut(store, conversation('s3', 20));
  });
  const out = () => path.join(tmp(), 'race.jsonl');
  const exportWith = async (hooks: Parameters<typeof exportTraining>[3]) => {
    const session = await CurationSession.open(store);
    try {
      return await exportTraining(session, {}, out(), hooks);
    } finally {
      await session.close();
    }
  };

  it('writes nothing when the read differs from the counts and the new counts are not confirmed', async () => {
    const asked: StoreMoved[] = [];
    await assert.rejects(
      exportWith({ expectRead: counted.read, confirmMoved: async (moved) => (asked.push(moved), false) }),
      (error: unknown) => CuratorError.is(error, 'cancelled') && /nothing was written/.test((error as Error).message),
    );
    assert.equal(asked.length, 1, 'asked once');
    assert.equal(asked[0].counted, counted.read);
    assert.notEqual(asked[0].read, counted.read);
    assert.equal(asked[0].examples, 3);
    assert.deepEqual(fs.readdirSync(tmp()).filter((f) => f.startsWith('race')), []);
  });

  it('writes the new counts once confirmed, and the manifest records the state read', async () => {
    const result = await exportWith({ expectRead: counted.read, confirmMoved: async () => true });
    assert.equal(result.manifest.counts.examples, 3);
    assert.equal(fs.readFileSync(out(), 'utf8').split('\n').length - 1, 3);
    const manifest = JSON.parse(fs.readFileSync(`${out()}.manifest.json`, 'utf8'));
    assert.deepEqual(manifest.wal, { included: true, records: 4 });
  });

  it('asks nothing when the store is as counted', async () => {
    const session = await CurationSession.open(store);
    const read = (await planExport(session, {})).store.read;
    await session.close();
    const result = await exportWith({ expectRead: read, confirmMoved: async () => assert.fail('not asked') });
    assert.equal(result.manifest.counts.examples, 3);
  });
});
