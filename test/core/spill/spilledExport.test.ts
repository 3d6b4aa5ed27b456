import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDemoStore, CurationSession, DemoStore, ExportOptions, exportTraining } from '../../../src/core';
import { setByteDictionaryThreshold } from '../../../src/core/store/codedStrings';
import { outputFilesOf } from '../../helpers/outputFiles';
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

/** Per run: the store, a fresh spill folder, and a folder for each of the two exports compared. */
interface RunDirs {
  options: ExportOptions;
  spillDir: string;
  left: string;
  right: string;
}

/** The run's options with the fixed listing time (and, for rollouts, the demo's holdout), and empty folders for it. */
function runDirs(dir: string, demo: DemoStore, name: string, options: ExportOptions, sides: [string, string]): RunDirs {
  const withHoldout: ExportOptions = { ...options, referenceTime: AT, ...(options.task === 'rollout' ? { holdout: demo.holdout, decontaminateThreshold: 0.05 } : {}) };
  const [spillDir, left, right] = ['spill', ...sides].map((side) => path.join(dir, `${name}-${side}`));
  for (const folder of [spillDir, left, right]) fs.mkdirSync(folder);
  return { options: withHoldout, spillDir, left, right };
}

/** Every file of `right` has the bytes of the same file of `left`, and no file is missing or extra. */
function assertSameFiles(left: string, right: string, how: string): void {
  const expected = outputFilesOf(left, 'out');
  const actual = outputFilesOf(right, 'out');
  assert.deepEqual([...actual.keys()], [...expected.keys()]);
  for (const [file, text] of expected) assert.equal(actual.get(file), text, `${file} differs ${how}`);
}

/** A demo store (base or MemWAL) built once for a describe block, in a folder removed after it. */
function useDemoStore(throughWal: boolean): () => { dir: string; demo: DemoStore } {
  let tmp: { dir: string; cleanup: () => void };
  let demo: DemoStore;
  before(async () => {
    tmp = makeTempDir();
    demo = await buildDemoStore(path.join(tmp.dir, 'demo'), { throughWal });
  });
  after(() => tmp.cleanup());
  return () => ({ dir: tmp.dir, demo });
}

for (const throughWal of [true, false]) {
  describe(`a spilled export writes the same bytes (${throughWal ? 'MemWAL store, texts read with the rows' : 'base store, texts read by row'})`, () => {
    const store = useDemoStore(throughWal);
    for (const [name, options] of Object.entries(RUNS)) {
      it(name, async () => {
        const { dir, demo } = store();
        const run = runDirs(dir, demo, name, options, ['memory', 'spilled']);
        const big = await exportWith(demo.store, run.options, run.left, { memoryBudget: 64 * 2 ** 30, tempDir: run.spillDir });
        assert.equal(big.spilled, 0, 'a budget larger than the data spills nothing');
        // One byte: every text and metadata block goes to the spill folder and is read back from it.
        const tiny = await exportWith(demo.store, run.options, run.right, { memoryBudget: 1, tempDir: run.spillDir });
        assert.ok(tiny.spilled > 0, 'the one-byte budget spilled');
        assert.ok(tiny.result.manifest.counts.examples > 0, 'the run wrote examples');
        assertSameFiles(run.left, run.right, 'when spilled');
        assert.deepEqual(fs.readdirSync(run.spillDir), [], 'the spill folder is removed when the session closes');
      });
    }
  });
}

describe('an export with every coded column kept as bytes (large dictionaries) writes the same bytes', () => {
  const store = useDemoStore(false);
  for (const [name, options] of Object.entries(RUNS)) {
    it(name, async () => {
      const { dir, demo } = store();
      const run = runDirs(dir, demo, name, options, ['strings', 'bytes']);
      await exportWith(demo.store, run.options, run.left, { memoryBudget: 64 * 2 ** 30, tempDir: run.spillDir });
      // Every dictionary as bytes, spilled under a one-byte budget and read back.
      const previous = setByteDictionaryThreshold(0);
      try {
        await exportWith(demo.store, run.options, run.right, { memoryBudget: 1, tempDir: run.spillDir });
      } finally {
        setByteDictionaryThreshold(previous);
      }
      assertSameFiles(run.left, run.right, 'with byte dictionaries');
    });
  }
});
