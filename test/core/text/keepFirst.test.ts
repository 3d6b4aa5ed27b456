import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CurationSession, ExportOptions, planExport } from '../../../src/core';
import { groupDedupFixture, inSession, words } from '../../helpers/groupDedupStore';
import { addRecords, rec } from '../../helpers/records';
import { useTempDir } from '../../helpers/tempDir';

type Excluded = { id: string; duplicateOf?: string; group?: string };
const dedupOf = (excluded?: { list(): Excluded[] }) => (excluded?.list() ?? []).map((e) => [e.id, e.duplicateOf]);

describe('--keep in the text dedup stages decides first', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  const plan = async (options: ExportOptions) => {
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      return (await planExport(session, options)).excluded;
    } finally {
      await session.close();
    }
  };

  describe('record unit', () => {
    beforeEach(async () => {
      await addRecords(tmp(), [
        rec('a1', 'user', 'The quick brown fox', 1, inSession('s1')),
        rec('a2', 'user', 'the QUICK  brown fox', 2, inSession('s2')),
        rec('a3', 'user', 'THE quick brown fox ', 3, inSession('s3')),
        rec('m1', 'user', words(0, 60), 4, inSession('s4')),
        rec('m2', 'user', words(0, 59), 5, inSession('s5')),
        rec('m3', 'user', words(1, 60), 6, inSession('s6')),
      ]);
    });

    it('exact: a kept id stays instead of an earlier copy, and earlier and later copies name it', async () => {
      assert.deepEqual(dedupOf((await plan({ textDedup: 'exact', dedupUnit: 'record' })).text_exact), [
        ['a2', 'a1'],
        ['a3', 'a1'],
      ]);
      assert.deepEqual(dedupOf((await plan({ textDedup: 'exact', dedupUnit: 'record', keep: ['a2'] })).text_exact), [
        ['a1', 'a2'],
        ['a3', 'a2'],
      ]);
    });

    it('exact: two kept ids that duplicate each other both stay, and the rest name the first in listing order', async () => {
      assert.deepEqual(dedupOf((await plan({ textDedup: 'exact', dedupUnit: 'record', keep: ['a3', 'a2'] })).text_exact), [['a1', 'a2']]);
    });

    it('minhash: a kept id stays instead of an earlier near duplicate, and earlier and later ones name it', async () => {
      assert.deepEqual(dedupOf((await plan({ textDedup: 'minhash', dedupUnit: 'record' })).text_minhash), [
        ['m2', 'm1'],
        ['m3', 'm1'],
      ]);
      const kept = (await plan({ textDedup: 'minhash', dedupUnit: 'record', keep: ['m2'] })).text_minhash;
      assert.deepEqual(dedupOf(kept), [
        ['m1', 'm2'],
        ['m3', 'm2'],
      ]);
      assert.match(kept!.at(0).reason, /^near-duplicate text of m2, Jaccard/);
    });

    it('minhash: two kept ids that duplicate each other both stay', async () => {
      assert.deepEqual(dedupOf((await plan({ textDedup: 'minhash', dedupUnit: 'record', keep: ['m3', 'm2'] })).text_minhash), [['m1', 'm2']]);
    });
  });

  describe('group unit', () => {
    const group = (excluded?: { list(): Excluded[] }) => [...new Set((excluded?.list() ?? []).map((e) => `${e.group}→${e.duplicateOf}`))];
    beforeEach(() => groupDedupFixture(tmp()));

    it('exact: a record id keeps its whole group, and the earlier group goes as its duplicate', async () => {
      const options: ExportOptions = { groupBy: 'session_id', textDedup: 'exact', dedupUnit: 'group', minReward: 0.5 };
      assert.deepEqual(group((await plan(options)).text_exact), ['g3→g1']);
      assert.deepEqual(group((await plan({ ...options, keep: ['x2'] })).text_exact), ['g1→g3']);
      assert.deepEqual(group((await plan({ ...options, keep: ['x2', 'k1'] })).text_exact), [], 'two kept groups that duplicate each other both stay');
    });

    it('minhash: a record id keeps its whole group, and the earlier near duplicate names it', async () => {
      const options: ExportOptions = { groupBy: 'session_id', textDedup: 'minhash', dedupUnit: 'group', minReward: 0.5 };
      assert.deepEqual(group((await plan(options)).text_minhash), ['g2→g1']);
      assert.deepEqual(group((await plan({ ...options, keep: ['r1'] })).text_minhash), ['g1→g2']);
    });
  });
});
