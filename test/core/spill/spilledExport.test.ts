import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDemoStore, CurationSession, DemoStore, ExportOptions, exportTraining } from '../../../src/core';
import { setByteDictionaryThreshold } from '../../../src/core/store/codedStrings';
import { makeTempDir } from '../../helpers/tempDir';

/** Every task and form, with a split, text dedup, holdout decontamination and the trainer formats. */
const RUNS: Record<string, ExportOptions> = {
  'sft by session, scan order': { task: 'sft', groupBy: 'session_id', order: 'scan', stats: true },
  'sft split with exact text dedup': { task: 'sft', groupBy: 'session_id', splitEval: 0.3, textDedup: 'exact', stats: true },
  'sft minhash text dedup, trl': { task: 'sft', groupBy: 'session_id', textDedup: 'minhash', format: 'trl' },
  'preference paired, embedding dedup': { task: 'preference', form: 'paired', dedupThreshold: 0.05, stats: true },
  'preference unpaired': { task: 'preference', form: 'unpaired', stats: true },
  'preference ranked, trl pairs': { task: 'preference', form: 'ranked', format: 'trl', rankedPairs: 'all' },
  'preference paired, openai split': { task: 'preference', form: 'paired', format: 'openai', splitEval: 0.5 },
  'rollout with holdout': { task: 'rollout', stats: true },
  'sft openai with min reward': { task: 'sft', groupBy: 'session_id', format: 'openai', minReward: 0.1 },
};

/**
 * Every file an export wrote under `dir`, with the folder's own path written
 * as `<dir>` and the run record's clock reading left out (the one thing two
 * runs may not share).
 */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8').split(dir).join('<dir>');
    files.set(name, name.endsWith('.run.json') ? text.replace(/"written_at": "[^"]*"/, '"written_at": ""') : text);
  }
  return files;
}

/** A fixed listing time, so both runs see the same expiries. */
const AT = '2026-12-01T00:00:00Z';

async function exportWith(store: string, options: ExportOptions, outDir: string, spill: { memoryBudget?: number; tempDir: string }) {
  const session = await CurationSession.open(store, { spill });
  try {
    const result = await exportTraining(session, options, path.join(outDir, 'out.jsonl'));
    return { result, spilled: session.budget.spilled, spillPath: session.budget.spillPath };
  } finally {
    await session.close();
  }
}

for (const throughWal of [true, false]) {
  describe(`a spilled export writes the same bytes (${throughWal ? 'MemWAL store, texts read with the rows' : 'base store, texts read by row'})`, () => {
    let tmp: { dir: string; cleanup: () => void };
    let demo: DemoStore;
    before(async () => {
      tmp = makeTempDir();
      demo = await buildDemoStore(path.join(tmp.dir, 'demo'), { throughWal });
    });
    after(() => tmp.cleanup());

    for (const [name, options] of Object.entries(RUNS)) {
      it(name, async () => {
        const withHoldout: ExportOptions = { ...options, referenceTime: AT, ...(options.task === 'rollout' ? { holdout: demo.holdout, decontaminateThreshold: 0.05 } : {}) };
        const spillDir = path.join(tmp.dir, `${name}-spill`);
        fs.mkdirSync(spillDir);
        const inMemory = path.join(tmp.dir, `${name}-memory`);
        const spilled = path.join(tmp.dir, `${name}-spilled`);
        fs.mkdirSync(inMemory);
        fs.mkdirSync(spilled);
        const big = await exportWith(demo.store, withHoldout, inMemory, { memoryBudget: 64 * 2 ** 30, tempDir: spillDir });
        assert.equal(big.spilled, 0, 'a budget larger than the data spills nothing');
        // One byte: every text and metadata block goes to the spill folder and is read back from it.
        const tiny = await exportWith(demo.store, withHoldout, spilled, { memoryBudget: 1, tempDir: spillDir });
        assert.ok(tiny.spilled > 0, 'the one-byte budget spilled');
        assert.ok(tiny.result.manifest.counts.examples > 0, 'the run wrote examples');
        const expected = filesOf(inMemory);
        const actual = filesOf(spilled);
        assert.deepEqual([...actual.keys()], [...expected.keys()]);
        for (const [file, text] of expected) assert.equal(actual.get(file), text, `${file} differs when spilled`);
        assert.deepEqual(fs.readdirSync(spillDir), [], 'the spill folder is removed when the session closes');
      });
    }
  });
}

describe('an export with every coded column kept as bytes (large dictionaries) writes the same bytes', () => {
  let tmp: { dir: string; cleanup: () => void };
  let demo: DemoStore;
  before(async () => {
    tmp = makeTempDir();
    demo = await buildDemoStore(path.join(tmp.dir, 'demo'), { throughWal: false });
  });
  after(() => tmp.cleanup());

  for (const [name, options] of Object.entries(RUNS)) {
    it(name, async () => {
      const withHoldout: ExportOptions = { ...options, referenceTime: AT, ...(options.task === 'rollout' ? { holdout: demo.holdout, decontaminateThreshold: 0.05 } : {}) };
      const spillDir = path.join(tmp.dir, `${name}-spill`);
      fs.mkdirSync(spillDir);
      const asStrings = path.join(tmp.dir, `${name}-strings`);
      const asBytes = path.join(tmp.dir, `${name}-bytes`);
      fs.mkdirSync(asStrings);
      fs.mkdirSync(asBytes);
      await exportWith(demo.store, withHoldout, asStrings, { memoryBudget: 64 * 2 ** 30, tempDir: spillDir });
      // Every dictionary as bytes, spilled under a one-byte budget and read back.
      const previous = setByteDictionaryThreshold(0);
      try {
        await exportWith(demo.store, withHoldout, asBytes, { memoryBudget: 1, tempDir: spillDir });
      } finally {
        setByteDictionaryThreshold(previous);
      }
      const expected = filesOf(asStrings);
      const actual = filesOf(asBytes);
      assert.deepEqual([...actual.keys()], [...expected.keys()]);
      for (const [file, text] of expected) assert.equal(actual.get(file), text, `${file} differs with byte dictionaries`);
    });
  }
});
