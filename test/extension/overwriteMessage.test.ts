import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputConflicts, resolveExportOptions } from '../../src/core';
import { overwriteMessage } from '../../src/extension/overwriteMessage';
import { addRecords, exportStore, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('the overwrite confirmation of the panel and the palette (issue 17 item 3)', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  beforeEach(() => addRecords(tmp(), Array.from({ length: 8 }, (_, i) => rec(`r${i}`, i % 2 ? 'assistant' : 'user', `message ${i}`, i, { session_id: `s${i >> 1}` }))));

  it('lists every file a plain export replaces and every file an earlier split export left, which confirming removes', async () => {
    await exportStore(tmp(), { splitEval: 0.5, leakage: 'report', stats: true, format: 'trl' }, 'demo-sft.jsonl');
    const out = path.join(tmp(), 'demo-sft.jsonl');
    const asked = overwriteMessage(out, outputConflicts(out, resolveExportOptions({ stats: true })))!;
    assert.equal(asked.message, `Write demo-sft.jsonl in ${tmp()}?`);
    assert.equal(asked.confirm, 'Replace and remove');
    const [replaced, stale] = asked.detail.split('\n\n');
    assert.equal(replaced, 'It replaces this file:\n  demo-sft.jsonl.run.json');
    const staleNames = stale.split('\n').slice(1).map((line) => line.trim());
    assert.deepEqual(staleNames, [
      'demo-sft.train.jsonl',
      'demo-sft.train.jsonl.manifest.json',
      'demo-sft.train.jsonl.stats.json',
      'demo-sft.train.jsonl.provenance.jsonl',
      'demo-sft.eval.jsonl',
      'demo-sft.eval.jsonl.manifest.json',
      'demo-sft.eval.jsonl.stats.json',
      'demo-sft.eval.jsonl.provenance.jsonl',
      'demo-sft.jsonl.leakage.json',
    ]);
    assert.ok(staleNames.every((name) => fs.existsSync(path.join(tmp(), name))));
  });

  it('lists the sidecars of the same export as replaced, with nothing stale', async () => {
    await exportStore(tmp(), { stats: true, format: 'trl' }, 'demo-sft.jsonl');
    const out = path.join(tmp(), 'demo-sft.jsonl');
    const asked = overwriteMessage(out, outputConflicts(out, resolveExportOptions({ stats: true, format: 'trl' })))!;
    assert.equal(asked.confirm, 'Replace');
    assert.deepEqual(asked.detail.split('\n').slice(1).map((line) => line.trim()), [
      'demo-sft.jsonl',
      'demo-sft.jsonl.provenance.jsonl',
      'demo-sft.jsonl.manifest.json',
      'demo-sft.jsonl.stats.json',
      'demo-sft.jsonl.run.json',
    ]);
  });

  it('asks nothing when no file is there', () => {
    const out = path.join(tmp(), 'new.jsonl');
    assert.equal(overwriteMessage(out, outputConflicts(out, resolveExportOptions({}))), undefined);
  });
});
