import { strict as assert } from 'node:assert';
import { Channel, Envelope, RpcEndpoint } from '../../src/protocol/rpc';
import { WorkerGroupText, WorkerPlan, WorkerStoreInfo } from '../../src/protocol/workerMessages';
import { serve } from '../../src/extension/worker/curatorWorker';
import { CurationSession, groupUnitTextOf, TOMBSTONE_CONTENT_TYPE } from '../../src/core';
import { baseStore, rawLsmRows, referenceListing, walPut } from '../helpers/memWalStore';
import { GROUP_DEDUP_OPTIONS, groupDedupFixture } from '../helpers/groupDedupStore';
import { rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

/** The host's end of a worker served in this process (messages cloned, delivered on the next turn). */
function hostOfWorker(): RpcEndpoint {
  const handlers: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const channel = (me: 0 | 1): Channel => ({
    post: (message: Envelope) => {
      const copy = structuredClone(message);
      setImmediate(() => handlers[1 - me].forEach((handler) => handler(copy)));
    },
    listen: (handler) => {
      handlers[me].push(handler);
      return () => undefined;
    },
  });
  serve(channel(1));
  return new RpcEndpoint(channel(0));
}

describe('curation worker on a store written through the MemWAL', () => {
  const tmp = useTempDir();

  it('tells the tree what a read covers and plans from base and log together', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'question', 1), rec('a1', 'assistant', 'old', 2)]]);
    await walPut(store, [rec('a1', 'assistant', 'new', 2), rec('u1', 'user', null, 3, { content_type: TOMBSTONE_CONTENT_TYPE }), rec('u2', 'user', 'added', 4)]);
    const host = hostOfWorker();
    const info = await host.request(WorkerStoreInfo, { store: { location: store } });
    assert.equal(info.walRecords, 3);
    assert.match(info.readSummary, /^v2 \+ 3 records in the write-ahead log/);
    const plan = await host.request(WorkerPlan, { store: { location: store }, options: { groupBy: 'none' }, limit: 10 });
    assert.equal(plan.output.counts.input_records, referenceListing(await rawLsmRows(store)).length);
    assert.match(plan.store.read ?? '', /^v2 \+ 3 records in the write-ahead log/);
  });

  it('answers a group\'s stage text for the word diff as the core gives it, and null where the stage saw no such group', async () => {
    const store = await groupDedupFixture(tmp());
    const session = await CurationSession.open(store);
    const expected = await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_minhash', 'g2');
    await session.close();
    assert.deepEqual(expected?.records, ['r1', 'r2']);
    const host = hostOfWorker();
    const ask = (stage: 'text_exact' | 'text_minhash', key: string) => host.request(WorkerGroupText, { store: { location: store }, options: GROUP_DEDUP_OPTIONS, stage, key });
    assert.deepEqual(await ask('text_minhash', 'g2'), expected);
    assert.equal(await ask('text_minhash', 'g3'), null, 'g3 left at the exact stage');
    assert.deepEqual((await ask('text_exact', 'g3'))?.records, ['x1', 'x2']);
  });
});
