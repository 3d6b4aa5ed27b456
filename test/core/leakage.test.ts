import { strict as assert } from 'node:assert';
import { cosineDistance } from '../../src/core/curate/cosine';
import { EmbeddingLeakageMeasure } from '../../src/core/curate/embeddingLeakage';
import { findLeakage, LeakageMeasure, moveLeakage, SplitUnit } from '../../src/core/curate/leakage';
import { TextLeakageMeasure } from '../../src/core/curate/text/textLeakage';
import { CuratorError } from '../../src/core/errors';
import { clusteredVectors, seeded, withVectors } from '../helpers/vectors';
import { CurationSession } from '../../src/core/run/curationSession';
import { planExport } from '../../src/core/run/planExport';
import { addRecords, emb, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('train/eval leakage by embedding', () => {
  it('lists exactly the straddling pairs within the cosine distance that the O(n²) seed formula finds, with their distances', async () => {
    const set = clusteredVectors({ n: 900, dim: 24, seed: 61, duplicates: 0.3, missing: 0.05 });
    const random = seeded(62);
    const units: SplitUnit[] = set.vectors.map((_, i) => ({ id: `r${i}`, group: `g${i}`, split: random() < 0.25 ? 'eval' : 'train' }));
    const threshold = 0.05;
    const t32 = Math.fround(threshold);
    const expected: string[] = [];
    units.forEach((e, ei) => {
      if (e.split !== 'eval' || !set.vectors[ei]) return;
      units.forEach((t, ti) => {
        if (t.split !== 'train' || !set.vectors[ti]) return;
        const d = cosineDistance(set.vectors[ei]!, set.vectors[ti]!);
        if (d <= t32) expected.push(`${t.id}-${e.id}@${d}`);
      });
    });
    assert.ok(expected.length > 30, `the fixture leaks (${expected.length} pairs)`);
    const measure = await EmbeddingLeakageMeasure.build(set, set.slots, threshold, { blockSize: 128 });
    const pairs = findLeakage(units, [measure]);
    assert.deepEqual(pairs.map((p) => `${p.trainId}-${p.evalId}@${p.distance}`), expected);
    assert.ok(pairs.every((p) => p.similarity === undefined), 'no text evidence without the text measure');
    assert.equal(measure.embedded, set.slots.filter((s) => s >= 0).length);
  });

  it('merges the measures: a pair found by both carries its distance and its Jaccard, once', async () => {
    const words = (prefix: string) => Array.from({ length: 40 }, (_, i) => `${prefix}${i}`).join(' ');
    const dim = 4;
    // t0/e0: same text and same vector; t1/e1: same vector, different text; t2/e2: same text, opposite vectors.
    const vectors = [
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, -1, 0],
    ];
    const set = withVectors(Float32Array.from(vectors.flat()), dim, Int32Array.from(vectors.keys()));
    const texts = [words('w'), words('w'), words('p'), words('q'), words('z'), words('z')];
    const units = ['t0', 'e0', 't1', 'e1', 't2', 'e2'].map((id, i) => ({ id, group: id, split: id[0] === 't' ? ('train' as const) : ('eval' as const), text: texts[i] }));
    const measures: LeakageMeasure[] = [await EmbeddingLeakageMeasure.build(set, set.slots, 0.05), new TextLeakageMeasure(units, { threshold: 0.8 })];
    const pairs = findLeakage(units, measures);
    assert.deepEqual(
      pairs.map((p) => [p.trainId, p.evalId, p.distance, p.similarity]),
      [
        ['t0', 'e0', 0, 1],
        ['t1', 'e1', 0, undefined],
        ['t2', 'e2', undefined, 1],
      ],
    );
  });

  it('moves every straddling train group by either measure, and a replay moves the recorded groups instead', async () => {
    const set = withVectors(Float32Array.from([1, 0, 1, 0, 0, 1, 0, 1]), 2, Int32Array.from([0, 1, 2, 3]));
    const units: SplitUnit[] = [
      { id: 'a', group: 'gA', split: 'train' },
      { id: 'b', group: 'gE', split: 'eval' },
      { id: 'c', group: 'gC', split: 'train' },
      { id: 'd', group: 'gC', split: 'train' },
    ];
    const measure = await EmbeddingLeakageMeasure.build(set, set.slots, 0.01);
    const move = moveLeakage(units, [measure]);
    assert.deepEqual(move.before.map((p) => [p.trainId, p.evalId]), [['a', 'b']]);
    assert.deepEqual(move.moved, ['gA']);
    assert.deepEqual(move.after, []);
    const replay = moveLeakage(units, [measure], ['gC']);
    assert.deepEqual(replay.moved, ['gC']);
    assert.deepEqual(replay.after.map((p) => [p.trainId, p.evalId]), [['a', 'b']], 'the recorded move, not this run\'s pairs, decides the sides');
  });

  it('refuses, naming --leakage-threshold, when the records hold more pairs than a report can list', async () => {
    const set = clusteredVectors({ n: 300, dim: 8, seed: 63, topics: 1 });
    await assert.rejects(
      EmbeddingLeakageMeasure.build(set, set.slots, 1.5, { maxPairs: 1000 }),
      (error: unknown) => error instanceof CuratorError && error.details.option === 'leakageThreshold' && /more than 1000 near-duplicate pairs/.test(error.message),
    );
  });
});

describe('the split leakage check of a session', () => {
  const tmp = useTempDir();

  it('runs once per curated record set, split and check: a recount or an opened group reuses it', async () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(`r${i}`, 'user', `text ${i}`, i, { session_id: `s${i >> 1}`, embedding: emb(Math.cos(i >> 1), Math.sin(i >> 1)) }));
    const store = await addRecords(tmp(), records);
    const session = await CurationSession.open(store);
    try {
      // Split by record (no external ids: each record is its own group), so the session pairs can straddle.
      const options = { splitEval: 0.5, splitBy: 'external_id_prefix:#', leakage: 'report', leakageThreshold: 0.01 } as const;
      const first = await planExport(session, options, { limit: 5 });
      const again = await planExport(session, options, { limit: 5 });
      assert.ok(first.leakage && first.leakage.pairs.length > 0, 'pairs straddle the split');
      assert.equal(again.leakage, first.leakage, 'the same check, not run again');
      const other = await planExport(session, { ...options, leakageThreshold: 0.02 }, { limit: 5 });
      assert.notEqual(other.leakage, first.leakage, 'another distance is another check');
      const reward = await planExport(session, { ...options, minReward: 0.5 }, { limit: 5 });
      assert.deepEqual(reward.leakage!.pairs, first.leakage!.pairs, 'no record has a reward: the same pairs');
    } finally {
      await session.close();
    }
  });
});
