import { strict as assert } from 'node:assert';
import { describeProgress, excludedCounts, ExportCounts, PIPELINE_STAGES, stageCountsOf, STAGE_ORDER } from '../../../src/core';
import { progressLine } from '../../../src/cli/progress';

const COUNTS: ExportCounts = {
  input_records: 500,
  after_lifecycle: 498,
  after_dedup: 420,
  after_decontaminate: 404,
  after_reward_filter: 470,
  examples: 85,
  after_text_exact: 460,
  after_text_minhash: 440,
  after_ngram_decontaminate: 390,
};

describe('the pipeline stage table', () => {
  it('lists every stage once, in order', () => {
    assert.deepEqual(
      STAGE_ORDER.map((stage) => PIPELINE_STAGES[stage].order),
      STAGE_ORDER.map((_, i) => i),
    );
  });

  it('gives the export notification words for every stage, the text, n-gram and leakage stages included', () => {
    for (const stage of STAGE_ORDER) {
      const words = describeProgress({ stage });
      assert.notEqual(words, stage);
      assert.doesNotMatch(words, /_/, `${stage}: ${words}`);
    }
    assert.equal(describeProgress({ stage: 'text_minhash', done: 12000, total: 40000 }), 'Removing near-duplicate texts (12,000 / 40,000)');
    assert.equal(describeProgress({ stage: 'leakage' }), 'Checking train/eval leakage');
  });

  it('names a stage by its label on the CLI progress line', () => {
    assert.equal(progressLine({ stage: 'ngram_decontaminate', done: 1200, total: 4000, elapsedSeconds: 0 }), 'n-gram decontamination 1,200/4,000');
    assert.equal(progressLine({ stage: 'scan', elapsedSeconds: 0 }), 'reading records');
  });

  it('counts every stage that ran, each removal against the stage before it that ran', () => {
    assert.deepEqual(stageCountsOf(COUNTS), [
      { stage: 'listing', count: 500, removed: undefined },
      { stage: 'lifecycle', count: 498, removed: 2 },
      { stage: 'reward_threshold', count: 470, removed: 28 },
      { stage: 'text_exact', count: 460, removed: 10 },
      { stage: 'text_minhash', count: 440, removed: 20 },
      { stage: 'dedup', count: 420, removed: 20 },
      { stage: 'decontaminate', count: 404, removed: 16 },
      { stage: 'ngram_decontaminate', count: 390, removed: 14 },
    ]);
  });

  it('leaves out the optional stages that did not run', () => {
    const { after_text_exact: _e, after_text_minhash: _m, after_ngram_decontaminate: _n, ...plain } = COUNTS;
    assert.deepEqual(
      stageCountsOf(plain).map((row) => [row.stage, row.removed]),
      [
        ['listing', undefined],
        ['lifecycle', 2],
        ['reward_threshold', 28],
        ['dedup', 50],
        ['decontaminate', 16],
      ],
    );
  });

  it("keeps the stats report's excluded keys: export.rs's stages first, then the optional ones that ran", () => {
    const excluded = excludedCounts(COUNTS);
    assert.deepEqual(Object.keys(excluded), ['lifecycle', 'reward_threshold', 'dedup', 'decontaminate', 'text_exact', 'text_minhash', 'ngram_decontaminate']);
    assert.deepEqual(Object.values(excluded), [2, 28, 20, 16, 10, 20, 14]);
  });
});
