import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CurationSession, ExportOptions, ExportPlan, planExport } from '../../src/core';
import { planJson } from '../../src/cli/commands/previewCommand';
import { toPlanView } from '../../src/extension/worker/planView';
import { addRecords, emb, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

/** What the panel and `preview --json` get of a plan's excluded records: per-rule counts, the first records and every record. */
function shown(plan: ExportPlan): unknown {
  return { panel: toPlanView(plan, 0).excluded, cli: (planJson(plan) as { excluded: unknown }).excluded };
}

describe('excluded records, whose evidence is made when read', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  let store: string;
  beforeEach(async () => {
    const past = Date.UTC(2020, 0, 1) * 1000;
    await addRecords(tmp(), [
      // Near-duplicate pairs (4-d embeddings), each record with its own reward.
      ...[0.1, 0.3, 0.5, 0.7, 0.9, 0.95].flatMap((reward, i) => [
        rec(`a${i}`, 'assistant', `answer ${i}`, 10 * i, { session_id: `s${i}`, embedding: emb(1, i, 0), metadata: { reward } }),
        rec(`b${i}`, 'assistant', `answer ${i} again`, 10 * i + 1, { session_id: `s${i}`, embedding: emb(1, i, 0.003 * (i + 1)), metadata: { reward: reward - 0.05 } }),
      ]),
      rec('gone', 'assistant', 'deleted', 100, { content_type: 'application/vnd.lance-context.tombstone' }),
      rec('old', 'assistant', 'expired', 101, { expires_at: past }),
      rec('stale', 'assistant', 'retired', 102, { retired_at: past }),
      rec('wrong', 'assistant', 'contradicted', 103, { lifecycle_status: 'contradicted', metadata: { reward: 0.9 } }),
    ]);
    store = path.join(tmp(), 'ctx.lance');
  });

  const fresh = async (options: ExportOptions): Promise<ExportPlan> => {
    const session = await CurationSession.open(store);
    try {
      return await planExport(session, options);
    } finally {
      await session.close();
    }
  };

  it('are the evidence of the plan they belong to, read after later recounts', async () => {
    const session = await CurationSession.open(store, { cachePayloads: true });
    try {
      const first = await planExport(session, { minReward: 0.5, dedupThreshold: 0.001 });
      const firstShown = shown(first);
      assert.ok(first.excluded.reward_threshold.length > 0 && first.excluded.dedup.length > 0, 'the plan removes records by reward and as near duplicates');
      // Later slider positions: other reward thresholds, other dedup thresholds over the same cached neighbour graph.
      const later = await planExport(session, { minReward: 0.2, dedupThreshold: 0.05 });
      await planExport(session, { minReward: 0.9, dedupThreshold: 0.002 });
      assert.deepEqual(shown(first), firstShown, 'read again after the recounts');
      assert.deepEqual(shown(first), shown(await fresh({ minReward: 0.5, dedupThreshold: 0.001 })), 'as a one-shot plan has it');
      assert.deepEqual(shown(later), shown(await fresh({ minReward: 0.2, dedupThreshold: 0.05 })));
      assert.notDeepEqual(shown(later), firstShown);
    } finally {
      await session.close();
    }
  });

  it('give the panel per-rule counts equal to counting the records', async () => {
    const plan = await fresh({ minReward: 0.5, dedupThreshold: 0.001 });
    const view = toPlanView(plan, 0);
    for (const [stage, exclusions] of Object.entries(plan.excluded)) {
      const counted: Record<string, number> = {};
      for (const exclusion of exclusions.list()) counted[exclusion.rule] = (counted[exclusion.rule] ?? 0) + 1;
      assert.deepEqual(view.excluded[stage as keyof typeof view.excluded]!.rules, counted, stage);
    }
    assert.deepEqual(view.excluded.listing.rules, { tombstone: 1, expired: 1, retired: 1 });
    assert.deepEqual(
      plan.excluded.reward_threshold.list().map((e) => [e.id, e.reason]),
      [['a0', 'reward 0.10 < 0.50'], ['b0', 'reward 0.05 < 0.50'], ['a1', 'reward 0.30 < 0.50'], ['b1', 'reward 0.25 < 0.50'], ['b2', 'reward 0.45 < 0.50']],
    );
  });
});
