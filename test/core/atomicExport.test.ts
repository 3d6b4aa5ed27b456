import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CuratorError, CurationSession, exportTraining, planExport } from '../../src/core';
import { addRecords, emb, rec } from '../helpers/records';
import { listFiles, readLines, useTempDir } from '../helpers/tempDir';

describe('writing exports', () => {
  const tmp = useTempDir();

  it('leaves no file behind when cancelled while writing', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => rec(`r${i}`, i % 2 ? 'assistant' : 'user', `text ${i}`, i, { session_id: `s${i >> 1}` }));
    const store = await addRecords(tmp(), records);
    const outDir = path.join(tmp(), 'out');
    fs.mkdirSync(outDir);
    const session = await CurationSession.open(store);
    const controller = new AbortController();
    const run = exportTraining(session, { stats: true, splitEval: 0.5 }, path.join(outDir, 'x.jsonl'), {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage === 'write' && (progress.done ?? 0) > 1) controller.abort();
      },
    });
    await assert.rejects(run, (error: unknown) => CuratorError.is(error, 'cancelled'));
    assert.deepEqual(listFiles(outDir), []);
    await session.close();
  });

  it('replaces an existing output only when the new one is complete', async () => {
    const store = await addRecords(tmp(), [rec('u', 'user', 'new', 1)]);
    const out = path.join(tmp(), 'x.jsonl');
    fs.writeFileSync(out, 'old\n');
    const session = await CurationSession.open(store);
    await exportTraining(session, {}, out);
    assert.equal(readLines(out)[0].messages[0].content, 'new');
    await session.close();
  });

  it('decontaminates against the visible records of another store', async () => {
    const store = await addRecords(tmp(), [rec('k', 'user', 'keep', 1, { session_id: 'k', embedding: emb(0, 1) }), rec('l', 'user', 'leak', 2, { session_id: 'l', embedding: emb(1, 0) })]);
    const holdoutDir = path.join(tmp(), 'holdout');
    fs.mkdirSync(holdoutDir);
    await addRecords(holdoutDir, [rec('h1', 'user', 'benchmark item', 1, { embedding: emb(2, 0) })]);
    const session = await CurationSession.open(store);
    const plan = await planExport(session, { holdout: path.join(holdoutDir, 'ctx.lance'), decontaminateThreshold: 0.001 });
    assert.equal(plan.output.counts.after_decontaminate, 1);
    assert.equal(plan.excluded.decontaminate.list()[0].reason, 'matches holdout record h1, distance 0');
    await session.close();
  });

  it('reuses loaded columns between plans of one session and gives the same counts as a fresh session', async () => {
    const records = Array.from({ length: 50 }, (_, i) => rec(`r${i}`, 'assistant', `t${i}`, i, { session_id: `s${i % 7}`, metadata: { reward: (i % 10) / 10 }, embedding: emb(1, (i % 5) * 0.001) }));
    const store = await addRecords(tmp(), records);
    const session = await CurationSession.open(store, { cachePayloads: true });
    await planExport(session, { dedupThreshold: 0.01 });
    const state = await session.version();
    const table = await state.rowTable();
    const second = await planExport(session, { dedupThreshold: 0.01, minReward: 0.5 });
    assert.equal(await state.rowTable(), table, 'the scanned columns are reused');
    const fresh = await CurationSession.open(store);
    assert.deepEqual(second.output.counts, (await planExport(fresh, { dedupThreshold: 0.01, minReward: 0.5 })).output.counts);
    await session.close();
    await fresh.close();
  });
});
