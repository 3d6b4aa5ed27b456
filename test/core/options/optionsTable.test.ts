import { strict as assert } from 'node:assert';
import { optionOf } from '../../helpers/optionOf';
import { Command } from 'commander';
import { optionProblem, parseExportOptions } from '../../../src/core/options/exportOptions';
import { OPTION_KEYS, optionSpec } from '../../../src/core/options/optionSpecs';
import { resolveExportOptions } from '../../../src/core/options/resolveExportOptions';
import { addOptionFlags, optionsOfFlags } from '../../../src/cli/optionFlags';


describe('the options table', () => {
  it('gives every option a flag, a label, help, and a default its own schema accepts', () => {
    const flags = new Set<string>();
    for (const key of OPTION_KEYS) {
      const spec = optionSpec(key);
      assert.ok(spec.flag && spec.label && spec.help, key);
      assert.ok(!flags.has(spec.flag), `flag --${spec.flag} is used twice`);
      flags.add(spec.flag);
      if (spec.default !== undefined) assert.equal(optionProblem(key, spec.default), undefined, `${key}'s default`);
      for (const choice of spec.choices ?? []) assert.equal(optionProblem(key, choice.value), undefined, `${key} choice ${choice.value}`);
    }
  });

  it('resolves every default explicitly', () => {
    const resolved = resolveExportOptions({});
    assert.equal(resolved.task, 'sft');
    assert.equal(resolved.form, 'paired');
    assert.deepEqual(resolved.groupBy, { kind: 'session_id' });
    assert.equal(resolved.order, 'created_at');
    assert.equal(resolveExportOptions({ splitEval: 0.2 }).split?.seed, 0n);
  });

  it('fixes distance thresholds to f32 once, at the door', () => {
    const resolved = resolveExportOptions({ dedupThreshold: 0.05, holdout: 'h.jsonl', decontaminateThreshold: 0.1 });
    assert.equal(resolved.dedupThreshold, Math.fround(0.05));
    assert.equal(resolved.decontaminateThreshold, Math.fround(0.1));
  });

  const refused: [string, unknown, string][] = [
    ['an unknown task', { task: 'dpo' }, 'task'],
    ['a NaN reward', { minReward: Number.NaN }, 'minReward'],
    ['a distance above 2', { dedupThreshold: 2.5 }, 'dedupThreshold'],
    ['a 21-digit seed', { splitEval: 0.1, splitSeed: '123456789012345678901' }, 'splitSeed'],
    ['a seed of 2^64', { splitEval: 0.1, splitSeed: '18446744073709551616' }, 'splitSeed'],
    ['a bad grouping', { groupBy: 'user' }, 'groupBy'],
    ['a bad split grouping', { splitEval: 0.1, splitBy: 'nobody' }, 'splitBy'],
    ['invalid filter JSON', { filter: '{"tenant": "acme",' }, 'filter'],
    ['a reference time that is not RFC 3339', { referenceTime: 'yesterday' }, 'referenceTime'],
    ['a holdout without a distance', { holdout: 'h.jsonl' }, 'decontaminateThreshold'],
    ['a distance without a holdout', { decontaminateThreshold: 0.1 }, 'holdout'],
    ['a seed without a split', { splitSeed: '7' }, 'splitEval'],
    ['version 0', { version: 0 }, 'version'],
    ['an unknown key', { tsk: 'sft' }, 'tsk'],
  ];
  for (const [what, options, option] of refused) {
    it(`refuses ${what}, naming option ${option}`, () => {
      assert.equal(optionOf(() => resolveExportOptions(options)), option);
    });
  }

  it('accepts a seed of 2^64 - 1, given as text', () => {
    assert.equal(resolveExportOptions({ splitEval: 0.1, splitSeed: '18446744073709551615' }).split?.seed, 2n ** 64n - 1n);
  });

  it('checks one value alone with the message the panel shows', () => {
    assert.match(optionProblem('splitEval', 1.5)!, /between 0 and 1, got 1\.5/);
    assert.match(optionProblem('filter', '{"created_at": {"since": "x"}}')!, /unsupported created_at filter operator 'since'/);
    assert.equal(optionProblem('minReward', 0.5), undefined);
  });

  it('refuses unknown keys and prototype tricks in an options object', () => {
    assert.throws(() => parseExportOptions(JSON.parse('{"__proto__": {"x": 1}, "task": "sft"}')), /unknown option/);
  });
});

describe('the CLI flags derived from the table', () => {
  it('offers one flag per option, with the help and default of the table', () => {
    const command = addOptionFlags(new Command('export'));
    const help = command.helpInformation();
    for (const key of OPTION_KEYS) assert.ok(help.includes(`--${optionSpec(key).flag}`), key);
    assert.match(help, /--order <order>.*\[default: created_at\]/s);
  });

  it('turns given flags into the options object and leaves the rest unset', () => {
    const command = addOptionFlags(new Command('export')).exitOverride();
    command.parse(['--min-reward', '0.5', '--at-version', '3', '--split-eval', '0.1', '--include-expired'], { from: 'user' });
    assert.deepEqual(optionsOfFlags(command.opts()), { minReward: 0.5, version: 3, splitEval: 0.1, includeExpired: true });
  });
});
