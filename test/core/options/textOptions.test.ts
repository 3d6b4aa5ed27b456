import { strict as assert } from 'node:assert';
import { optionOf } from '../../helpers/optionOf';
import { Command } from 'commander';
import { explicitOptions } from '../../../src/core/export/runRecord';
import { resolveExportOptions } from '../../../src/core/options/resolveExportOptions';
import { addOptionFlags, optionsOfFlags } from '../../../src/cli/optionFlags';


describe('the text curation options', () => {
  it('resolve with the table defaults where they apply', () => {
    const resolved = resolveExportOptions({ textDedup: 'minhash', benchmark: ['a.jsonl'], splitEval: 0.2, leakage: 'move' });
    assert.deepEqual(resolved.textDedup, { mode: 'minhash', shingleSize: 5, threshold: 0.8 });
    assert.deepEqual(resolved.benchmark, { files: ['a.jsonl'], field: 'text', ngram: 13 });
    assert.deepEqual(resolved.leakage, { mode: 'move', threshold: 0.8, shingleSize: 5 });
    assert.equal(resolved.dedupUnit, 'record');
    assert.deepEqual(resolved.keep, []);
  });

  it('take the leakage threshold from the text threshold unless given', () => {
    assert.equal(resolveExportOptions({ textDedup: 'minhash', textDedupThreshold: 0.9, splitEval: 0.2, leakage: 'report' }).leakage!.threshold, 0.9);
    assert.equal(resolveExportOptions({ textDedup: 'minhash', splitEval: 0.2, leakage: 'report', leakageThreshold: 0.7 }).leakage!.threshold, 0.7);
  });

  for (const [what, options, option] of [
    ['a shingle size without MinHash', { textDedup: 'exact', shingleSize: 3 }, 'shingleSize'],
    ['a text threshold without MinHash or leakage', { textDedup: 'exact', textDedupThreshold: 0.9 }, 'textDedupThreshold'],
    ['an n-gram length without a benchmark', { ngram: 8 }, 'ngram'],
    ['a benchmark field without a benchmark', { benchmarkField: 'question' }, 'benchmarkField'],
    ['a dedup unit without a text stage', { dedupUnit: 'group' }, 'dedupUnit'],
    ['leakage without a split', { leakage: 'report' }, 'leakage'],
    ['a leakage threshold without leakage', { splitEval: 0.1, leakageThreshold: 0.5 }, 'leakageThreshold'],
    ['a Jaccard threshold of 0', { textDedup: 'minhash', textDedupThreshold: 0 }, 'textDedupThreshold'],
    ['an n-gram of 2 words', { benchmark: ['a.txt'], ngram: 2 }, 'ngram'],
    ['a benchmark that is not a list', { benchmark: 'a.txt' }, 'benchmark'],
  ] as const) {
    it(`refuses ${what}, naming option ${option}`, () => assert.equal(optionOf(() => resolveExportOptions(options)), option));
  }

  it('are written to the run record with defaults only where they apply, so a replay passes the same door', () => {
    const exact = explicitOptions({ textDedup: 'exact' }, 0);
    assert.equal(exact.shingleSize, undefined);
    assert.equal(exact.ngram, undefined);
    assert.equal(exact.dedupUnit, 'record');
    resolveExportOptions(exact);
    const minhash = explicitOptions({ textDedup: 'minhash', benchmark: ['b.txt'] }, 0);
    assert.deepEqual([minhash.shingleSize, minhash.textDedupThreshold, minhash.ngram, minhash.benchmarkField], [5, 0.8, 13, 'text']);
    resolveExportOptions(minhash);
    resolveExportOptions(explicitOptions({}, 0));
  });

  it('collect repeated --benchmark and --keep flags into lists', () => {
    const command = addOptionFlags(new Command('x')).exitOverride();
    command.parse(['--benchmark', 'a.jsonl', '--benchmark', 'b.txt', '--keep', 'r1', '--keep', 'r2'], { from: 'user' });
    const options = optionsOfFlags(command.opts());
    assert.deepEqual(options.benchmark, ['a.jsonl', 'b.txt']);
    assert.deepEqual(options.keep, ['r1', 'r2']);
  });
});
