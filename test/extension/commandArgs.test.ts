import { CuratorError } from '../../src/core/errors';
import { strict as assert } from 'node:assert';
import { defaultOutputPath, parseCommandArgument } from '../../src/extension/commandArgs';
import { parseExportOptions } from '../../src/core/options/exportOptions';

describe('command arguments and option validation', () => {
  it('reads an options object for automation, resolving paths against the workspace', () => {
    const target = parseCommandArgument({ store: 'demo.lance', out: 'exports/a.jsonl', task: 'preference', form: 'ranked', minReward: 0.5, splitSeed: '7' }, '/ws');
    assert.deepEqual(target, {
      kind: 'options',
      location: '/ws/demo.lance',
      out: '/ws/exports/a.jsonl',
      options: { task: 'preference', form: 'ranked', minReward: 0.5, splitSeed: '7' },
    });
  });

  it('reads a tree node (store or version)', () => {
    assert.deepEqual(parseCommandArgument({ kind: 'version', location: '/x.lance', version: 3, latest: false, timestamp: 0 }, '/ws'), { kind: 'store', location: '/x.lance', version: 3 });
    assert.deepEqual(parseCommandArgument(undefined, '/ws'), { kind: 'none' });
  });

  it('keeps remote store URIs as they are', () => {
    const target = parseCommandArgument({ store: 's3://bucket/ctx.lance' }, '/ws');
    assert.equal(target.kind === 'options' && target.location, 's3://bucket/ctx.lance');
  });

  const invalid: [unknown, RegExp][] = [
    [{ store: 'x.lance', task: 'dpo' }, /task/],
    [{ store: 'x.lance', minReward: 'high' }, /minReward/],
    [{ store: 'x.lance', version: 0 }, /version/],
    [{ store: 'x.lance', splitSeed: '-1' }, /splitSeed/],
    [{ store: 'x.lance', unknownOption: true }, /unknownOption/],
    [{ task: 'sft' }, /store/],
    ['demo.lance', /invalid command argument/],
  ];
  for (const [arg, message] of invalid) {
    it(`rejects ${JSON.stringify(arg)} naming the field`, () => {
      assert.throws(() => parseCommandArgument(arg, '/ws'), message);
    });
  }

  it('validates options coming from a webview', () => {
    assert.deepEqual(parseExportOptions({ task: 'rollout', dedupThreshold: 0.05 }), { task: 'rollout', dedupThreshold: 0.05 });
    assert.throws(() => parseExportOptions({ task: 'rollout', dedupThreshold: Number.NaN }), (e: unknown) => CuratorError.is(e) && e.details.option === 'dedupThreshold');
    assert.throws(() => parseExportOptions({ filter: 5 }), (e: unknown) => CuratorError.is(e) && e.details.option === 'filter');
    assert.throws(() => parseExportOptions({ splitSeed: '18446744073709551616' }), (e: unknown) => CuratorError.is(e) && e.details.option === 'splitSeed');
    assert.throws(() => parseExportOptions({ __proto__: { polluted: true }, task: 'sft', constructor: 'x' }), /constructor/);
  });

  it('suggests exports/<store>-<task>[-<form>].jsonl in the workspace, so forms do not overwrite each other', () => {
    assert.equal(defaultOutputPath('/ws', 'exports', '/data/ctx.lance', { task: 'sft' }), '/ws/exports/ctx-sft.jsonl');
    assert.equal(defaultOutputPath('/ws', 'exports', '/data/demo.lance', { task: 'preference', form: 'paired' }), '/ws/exports/demo-preference-paired.jsonl');
    assert.equal(defaultOutputPath('/ws', 'exports', '/data/demo.lance', { task: 'preference' }), '/ws/exports/demo-preference-paired.jsonl');
    assert.equal(defaultOutputPath('/ws', 'exports', '/data/demo.lance', { task: 'preference', form: 'ranked' }), '/ws/exports/demo-preference-ranked.jsonl');
  });
});
