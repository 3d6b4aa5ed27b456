import { strict as assert } from 'node:assert';
import { CurationSession, ExportOptions, planExport } from '../../src/core';
import { ExportPlan } from '../../src/core/run/planExport';
import { addRecords, rec } from '../helpers/records';
import { buildManyExamplesStore } from '../helpers/manyExamplesStore';
import { useTempDir } from '../helpers/tempDir';

/** A plan without what differs between identical runs (timings), its example index as every example it lists, its exclusions with their evidence. */
function comparable(plan: ExportPlan): unknown {
  const { timings: _timings, index, excluded, ...rest } = plan;
  const sides = plan.eval ? (['train', 'eval'] as const) : (['all'] as const);
  return {
    ...rest,
    excluded: Object.fromEntries(Object.entries(excluded).map(([stage, exclusions]) => [stage, { rules: exclusions.rules, records: exclusions.list() }])),
    indexed: index && sides.map((side) => index.window({ side }, 0, index.total(side))),
  };
}

describe('a preview recount after a slider change', function () {
  this.timeout(120_000);
  const tmp = useTempDir();
  let store: string;
  beforeEach(async () => {
    store = await buildManyExamplesStore(tmp(), 300);
    // Records without a session (their own groups), a record scored first in its group, and two records
    // sharing created_at (the group order falls to ids).
    await addRecords(tmp(), [
      rec('lone-a', 'assistant', 'alone a', 50, { session_id: null, metadata: { reward: 0.95 } }),
      rec('lone-b', 'assistant', 'alone b', 50, { session_id: null, metadata: { reward: 0.15 } }),
      rec('first-scored-1', 'assistant', 'scored first', 5, { session_id: 'zz', metadata: { reward: 0.05 } }),
      rec('first-scored-2', 'user', 'then a question', 6, { session_id: 'zz' }),
      rec('first-scored-3', 'assistant', 'and an answer', 7, { session_id: 'zz', metadata: { reward: 0.99 } }),
    ]);
  });

  /** A one-shot session: no cached stage results, payloads or group index. */
  const fresh = async (options: ExportOptions, planOptions = {}) => {
    const session = await CurationSession.open(store);
    try {
      return await planExport(session, options, planOptions);
    } finally {
      await session.close();
    }
  };

  const cases: { name: string; options: ExportOptions }[] = [
    { name: 'sft', options: {} },
    { name: 'sft, scan order', options: { order: 'scan' } },
    { name: 'preference, paired, scan order, split', options: { task: 'preference', form: 'paired', order: 'scan', splitEval: 0.3 } },
    { name: 'sft, one group per record', options: { groupBy: 'none' } },
    { name: 'preference, paired', options: { task: 'preference', form: 'paired' } },
    { name: 'preference, unpaired', options: { task: 'preference', form: 'unpaired' } },
    { name: 'rollout, split', options: { task: 'rollout', splitEval: 0.3 } },
  ];
  for (const { name, options } of cases) {
    it(`plans exactly what a fresh session plans (${name})`, async () => {
      const planOptions = { limit: 5, charts: true, index: true };
      const session = await CurationSession.open(store, { cachePayloads: true });
      try {
        for (const minReward of [undefined, 0.5, 0.9, 0.02, 0.5, undefined]) {
          const recounted = await planExport(session, { ...options, minReward }, planOptions);
          assert.deepEqual(comparable(recounted), comparable(await fresh({ ...options, minReward }, planOptions)), `minReward ${minReward}`);
        }
      } finally {
        await session.close();
      }
    });
  }
});
