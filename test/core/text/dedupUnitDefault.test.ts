import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CurationSession, ExportOptions, planExport } from '../../../src/core';
import { inSession } from '../../helpers/groupDedupStore';
import { addRecords, rec } from '../../helpers/records';
import { useTempDir } from '../../helpers/tempDir';

describe('the text dedup unit inside conversations (issue 17 item 6)', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  beforeEach(() =>
    addRecords(tmp(), [
      rec('a1', 'user', 'How do I reset my password?', 1, inSession('s1')),
      rec('a2', 'assistant', 'Thanks, that helps.', 2, inSession('s1')),
      rec('b1', 'user', 'Where is my invoice?', 3, inSession('s2')),
      rec('b2', 'assistant', 'Thanks, that helps.', 4, inSession('s2')),
      rec('c1', 'user', 'Can I change my plan?', 5, inSession('s3')),
      rec('c2', 'assistant', 'Thanks,  that helps.', 6, inSession('s3')),
      rec('c3', 'user', 'Thanks, that helps.', 7, inSession('s3')),
    ]),
  );
  const plan = async (options: ExportOptions) => {
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      return await planExport(session, { task: 'sft', textDedup: 'exact', ...options });
    } finally {
      await session.close();
    }
  };

  it('compares whole conversations by default when grouped by session, so no conversation loses a turn', async () => {
    const byDefault = await plan({});
    assert.deepEqual(byDefault.excluded.text_exact?.list(), []);
    assert.equal(byDefault.output.counts.examples, 3);
    assert.equal(byDefault.conversationsChanged, undefined);
  });

  it('with an explicit record unit removes single turns as before, and counts the conversations it changed', async () => {
    const records = await plan({ dedupUnit: 'record' });
    assert.deepEqual(records.excluded.text_exact!.list().map((e) => e.id), ['b2', 'c2', 'c3']);
    assert.deepEqual(records.conversationsChanged, { text_exact: 2 });
  });

  it('counts nothing when the grouping is no conversation', async () => {
    const records = await plan({ groupBy: 'none' });
    assert.deepEqual(records.excluded.text_exact!.list().map((e) => e.id), ['b2', 'c2', 'c3'], 'grouped by none: records by default');
    assert.equal(records.conversationsChanged, undefined);
  });
});
