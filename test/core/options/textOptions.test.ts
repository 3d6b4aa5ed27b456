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
    assert.deepEqual(resolved.leakage, { mode: 'move', distance: Math.fround(0.05), text: { threshold: 0.8, shingleSize: 5 } });
    assert.equal(resolved.dedupUnit, 'group', 'the default grouping, session_id, is a conversation');
    assert.deepEqual(resolved.keep, []);
  });

  it('compare whole conversations by default when grouped by session or run, records otherwise, and an explicit unit wins', () => {
    const unit = (options: object) => resolveExportOptions({ textDedup: 'exact', ...options }).dedupUnit;
    assert.equal(unit({}), 'group');
    assert.equal(unit({ groupBy: 'session_id' }), 'group');
    assert.equal(unit({ groupBy: 'run_id' }), 'group');
    assert.equal(unit({ groupBy: 'none' }), 'record');
    assert.equal(unit({ groupBy: 'tenant' }), 'record');
    assert.equal(unit({ groupBy: 'external_id_prefix:#' }), 'record');
    assert.equal(unit({ groupBy: 'session_id', dedupUnit: 'record' }), 'record');
    assert.equal(unit({ groupBy: 'none', dedupUnit: 'group' }), 'group');
    assert.equal(resolveExportOptions({ groupBy: 'session_id' }).dedupUnit, 'record', 'no text stage: the unit is moot and stays record');
  });

  it('say the dependent dedup unit default in --help and the README table', () => {
    const help = addOptionFlags(new Command('x')).helpInformation();
    assert.match(help.replace(/\s+/g, ' '), /--dedup-unit <unit>.*\[default: group when grouped by session_id or run_id, else record\]/);
  });

  it('take the leakage distance from the dedup threshold, else 0.05, unless given; the text measure only with text dedup', () => {
    const split = { splitEval: 0.2, leakage: 'report' } as const;
    assert.equal(resolveExportOptions({ ...split }).leakage!.distance, Math.fround(0.05));
    assert.equal(resolveExportOptions({ ...split, dedupThreshold: 0.12 }).leakage!.distance, Math.fround(0.12));
    assert.equal(resolveExportOptions({ ...split, dedupThreshold: 0.12, leakageThreshold: 0.3 }).leakage!.distance, Math.fround(0.3));
    assert.equal(resolveExportOptions({ ...split }).leakage!.text, undefined, 'no text dedup: embeddings only');
    assert.deepEqual(resolveExportOptions({ ...split, textDedup: 'minhash', textDedupThreshold: 0.9 }).leakage!.text, { threshold: 0.9, shingleSize: 5 });
    assert.deepEqual(resolveExportOptions({ ...split, textDedup: 'exact', shingleSize: 3 }).leakage!.text, { threshold: 0.8, shingleSize: 3 }, 'exact text dedup with leakage compares shingles too');
  });

  for (const [what, options, option] of [
    ['a shingle size without MinHash', { textDedup: 'exact', shingleSize: 3 }, 'shingleSize'],
    ['a text threshold without MinHash or leakage', { textDedup: 'exact', textDedupThreshold: 0.9 }, 'textDedupThreshold'],
    ['a text threshold with leakage but no text dedup', { splitEval: 0.1, leakage: 'report', textDedupThreshold: 0.9 }, 'textDedupThreshold'],
    ['a shingle size with leakage but no text dedup', { splitEval: 0.1, leakage: 'report', shingleSize: 3 }, 'shingleSize'],
    ['a leakage distance above 2', { splitEval: 0.1, leakage: 'report', leakageThreshold: 2.5 }, 'leakageThreshold'],
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
    assert.equal(exact.dedupUnit, 'group');
    assert.equal(explicitOptions({ textDedup: 'exact', groupBy: 'none' }, 0).dedupUnit, 'record');
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
