import { strict as assert } from 'node:assert';
import { Channel, Envelope, RpcEndpoint } from '../../src/protocol/rpc';
import { WorkerExamples, WorkerGroupSearch, WorkerGroupText, WorkerPlan, WorkerStoreInfo } from '../../src/protocol/workerMessages';
import { serve } from '../../src/extension/worker/curatorWorker';
import { CurationSession, groupUnitTextOf, planExport, TOMBSTONE_CONTENT_TYPE } from '../../src/core';
import { buildManyExamplesStore } from '../helpers/manyExamplesStore';
import { toListedExampleView } from '../../src/extension/worker/planView';
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

describe('curation worker: examples of a plan that read texts on demand', () => {
  const tmp = useTempDir();

  it('lists, searches and finds examples by their messages as a plan reading every text does', async function () {
    this.timeout(60_000);
    const store = await buildManyExamplesStore(tmp(), 150);
    const session = await CurationSession.open(store);
    const expected = (await planExport(session, {}, { index: true })).index!;
    const host = hostOfWorker();
    const ref = { location: store };
    await host.request(WorkerPlan, { store: ref, options: {}, limit: 5 });
    const windowOf = async (query: { search?: string; findGroup?: string }, start: number) => {
      const got = await host.request(WorkerExamples, { store: ref, options: {}, side: 'all', start, count: 20, ...query });
      const want = expected.window({ side: 'all', search: query.search }, start, start + 20);
      assert.equal(got.matched, want.matched);
      assert.deepEqual(got.examples, structuredClone(want.examples.map((example) => toListedExampleView(example, 'native'))));
      return got;
    };
    // Past the shown examples, with a search over messages, and a group found by a message.
    await windowOf({}, 120);
    assert.ok((await windowOf({ search: 'topic 7?' }, 0)).matched > 0);
    const found = await windowOf({ findGroup: 'other answer 99.' }, 0);
    assert.deepEqual(found.found, expected.findGroup({ side: 'all' }, 'other answer 99.'));
    const search = await host.request(WorkerGroupSearch, { store: ref, options: {}, side: 'all', query: 'other answer 42.' });
    assert.deepEqual(search.matches, expected.searchGroups('all', 'other answer 42.'));
    await session.close();
  });
});
