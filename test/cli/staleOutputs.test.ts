import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('lance-curator export: replaced and stale files (issue 17 item 3)', function () {
  this.timeout(120_000);
  const tmp = useTempDir();
  let store: string;
  beforeEach(async () => {
    store = await addRecords(
      tmp(),
      Array.from({ length: 8 }, (_, i) => rec(`r${i}`, i % 2 ? 'assistant' : 'user', `message ${i}`, i, { session_id: `s${i >> 1}` })),
    );
  });
  const out = () => path.join(tmp(), 'demo-sft.jsonl');
  const exists = (suffix: string) => fs.existsSync(`${out()}${suffix}`);

  it('names the files it replaced, warns about those an earlier split export left, and keeps them', async () => {
    const split = await runCli(['export', store, '--out', out(), '--split-eval', '0.5', '--leakage', 'report']);
    assert.equal(split.code, 0, split.stderr);
    assert.ok(fs.existsSync(path.join(tmp(), 'demo-sft.train.jsonl')) && exists('.leakage.json'));

    const plain = await runCli(['export', store, '--out', out()]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, new RegExp(`replaced ${out().replace(/[.]/g, '\\.')}\\.run\\.json`));
    assert.doesNotMatch(plain.stdout, /replaced .*demo-sft\.jsonl\n/, 'the data file did not exist before');
    for (const stale of ['demo-sft.jsonl.leakage.json', 'demo-sft.train.jsonl', 'demo-sft.eval.jsonl.manifest.json']) {
      assert.match(plain.stderr, new RegExp(`warning: .*${stale.replace(/[.]/g, '\\.')} is left from an earlier, different export .*--replace-stale removes it`));
    }
    assert.ok(exists('.leakage.json'), 'without --replace-stale nothing else is touched');

    const again = await runCli(['export', store, '--out', out()]);
    assert.match(again.stdout, new RegExp(`replaced ${out().replace(/[.]/g, '\\.')}\n`), 'the second export replaces the data file');
  });

  it('removes the stale files with --replace-stale', async () => {
    assert.equal((await runCli(['export', store, '--out', out(), '--split-eval', '0.5', '--leakage', 'report', '--stats'])).code, 0);
    const plain = await runCli(['export', store, '--out', out(), '--replace-stale']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /removed .*demo-sft\.jsonl\.leakage\.json \(left by an earlier export/);
    assert.doesNotMatch(plain.stderr, /warning: .* is left from/);
    assert.deepEqual(fs.readdirSync(tmp()).filter((f) => f.startsWith('demo-sft')).sort(), ['demo-sft.jsonl', 'demo-sft.jsonl.manifest.json', 'demo-sft.jsonl.run.json']);
  });
});
