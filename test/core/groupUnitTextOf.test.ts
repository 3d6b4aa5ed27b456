import { strict as assert } from 'node:assert';
import { CurationSession, groupUnitTextOf, minHashTextDedup, normaliseText, planExport } from '../../src/core';
import { GROUP_DEDUP_OPTIONS, groupDedupFixture, words } from '../helpers/groupDedupStore';
import { useTempDir } from '../helpers/tempDir';

describe('group unit text of a text dedup stage (the word diff of a removed conversation)', function () {
  this.timeout(120_000);
  const tmp = useTempDir();
  let session: CurationSession;
  afterEach(async () => {
    await session?.close();
  });

  it('is the kept and removed groups\' records present at the stage, joined in (created_at, id) order, exactly as the stage compared them', async () => {
    session = await CurationSession.open(await groupDedupFixture(tmp()));
    const plan = await planExport(session, GROUP_DEDUP_OPTIONS, { limit: 5 });
    const near = plan.excluded.text_minhash!.list();
    assert.deepEqual(new Set(near.map((e) => `${e.id} of ${e.group}, duplicate of ${e.duplicateOf}`)), new Set(['r1 of g2, duplicate of g1', 'r2 of g2, duplicate of g1']));

    const kept = await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_minhash', 'g1');
    const removed = await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_minhash', 'g2');
    // (created_at, id) order: k1 and k2 share a created_at; k3 was dropped by the reward filter before the stage.
    assert.deepEqual(kept, { key: 'g1', records: ['k1', 'k2', 'k0'], text: `${words(0, 20)}\n${words(20, 40)}\n${words(40, 60)}` });
    assert.deepEqual(removed, { key: 'g2', records: ['r1', 'r2'], text: `${words(0, 30).replace('word5 ', 'changed ')}\n${words(30, 60)}` });

    // What the stage compared: the same units give the same decision and the same similarity it reported.
    const again = minHashTextDedup([
      { id: 'g1', text: normaliseText(kept!.text) },
      { id: 'g2', text: normaliseText(removed!.text) },
    ]);
    assert.deepEqual(again.duplicates.map((d) => [d.id, d.duplicateOf, d.similarity]), [['g2', 'g1', near[0].similarity]]);
    assert.equal(near[0].similarity, 51 / 61, 'one changed word costs five of 56 shingles');
  });

  it('gives each stage its own input: the exact stage saw g3, the MinHash stage did not', async () => {
    session = await CurationSession.open(await groupDedupFixture(tmp()));
    const plan = await planExport(session, GROUP_DEDUP_OPTIONS, { limit: 5 });
    assert.deepEqual(plan.excluded.text_exact!.list().map((e) => [e.id, e.group, e.duplicateOf]), [['x1', 'g3', 'g1'], ['x2', 'g3', 'g1']]);
    const kept = await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_exact', 'g1');
    const removed = await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_exact', 'g3');
    assert.deepEqual(removed?.records, ['x1', 'x2']);
    // The texts as written differ (case, spacing); the units the exact stage compared are equal.
    assert.notEqual(removed!.text, kept!.text);
    assert.equal(normaliseText(removed!.text), normaliseText(kept!.text));
    assert.equal(await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_minhash', 'g3'), undefined, 'g3 was removed before the MinHash stage');
  });

  it('is undefined in record mode, for a stage that did not run and for an unknown group', async () => {
    session = await CurationSession.open(await groupDedupFixture(tmp()));
    assert.equal(await groupUnitTextOf(session, { ...GROUP_DEDUP_OPTIONS, dedupUnit: 'record' }, 'text_minhash', 'g1'), undefined);
    assert.equal(await groupUnitTextOf(session, { ...GROUP_DEDUP_OPTIONS, textDedup: 'exact' }, 'text_minhash', 'g1'), undefined);
    assert.equal(await groupUnitTextOf(session, GROUP_DEDUP_OPTIONS, 'text_minhash', 'nope'), undefined);
  });
});
