import { strict as assert } from 'node:assert';
import { defaultOutputPath, parseCommandArgument } from '../../src/extension/commandArgs';
import { parseExportOptions } from '../../src/protocol/messages';

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
    assert.throws(() => parseExportOptions({ task: 'rollout', dedupThreshold: Number.NaN }), /dedupThreshold/);
    assert.throws(() => parseExportOptions({ filter: 5 }), /filter/);
    assert.throws(() => parseExportOptions({ __proto__: { polluted: true }, task: 'sft', constructor: 'x' }), /constructor/);
  });

  it('suggests exports/<store>-<task>.jsonl in the workspace', () => {
    assert.equal(defaultOutputPath('/ws', 'exports', '/data/ctx.lance', 'sft'), '/ws/exports/ctx-sft.jsonl');
  });
});
