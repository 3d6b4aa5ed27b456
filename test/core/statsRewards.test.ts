import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CurationSession, planExport } from '../../src/core';
import { distributionOf } from '../../src/core/export/distribution';
import { sparseValuesOf } from '../../src/core/store/numberColumn';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('the stats reward summary', function () {
  this.timeout(60_000);
  const tmp = useTempDir();

  it('summarizes the rewards of exactly the output records, read from a sparse column in row order', async () => {
    // Sessions interleaved and written out of time order, so groups list rows in another order than the table;
    // most records unscored (a sparse column), integer and fractional rewards mixed.
    const rewards = [0.1, undefined, 1, undefined, 0.35, undefined, 2, undefined, 0.7, undefined, undefined, 0.05, undefined, 0.9];
    await addRecords(
      tmp(),
      rewards.map((reward, i) =>
        rec(`r${i}`, 'assistant', `text ${i}`, 100 - 7 * i, { session_id: `s${i % 3}`, metadata: reward === undefined ? {} : { reward } }),
      ),
    );
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'), { cachePayloads: true });
    try {
      const state = await session.version(undefined);
      await state.rowTable({});
      assert.ok(sparseValuesOf((await state.signals()).reward), 'the reward column is sparse');
      const all = await planExport(session, {});
      const scored = rewards.filter((reward): reward is number => reward !== undefined);
      assert.deepEqual(all.output.stats.reward, distributionOf(scored));
      const above = await planExport(session, { minReward: 0.3 });
      assert.deepEqual(above.output.stats.reward, distributionOf(scored.filter((reward) => reward >= 0.3)));
      assert.deepEqual(above.excluded.reward_threshold.list().map((e) => [e.id, e.reason]).sort(), [['r0', 'reward 0.10 < 0.30'], ['r11', 'reward 0.05 < 0.30']]);
    } finally {
      await session.close();
    }
  });
});
