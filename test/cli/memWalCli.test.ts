import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { TOMBSTONE_CONTENT_TYPE } from '../../src/core';
import { runCli } from '../helpers/cli';
import { baseStore, rawLsmRows, referenceListing, walPut } from '../helpers/memWalStore';
import { rec } from '../helpers/records';
import { listFiles, readJson, readLines, useTempDir } from '../helpers/tempDir';

describe('lance-curator CLI on a store written through the MemWAL', () => {
  const tmp = useTempDir();

  /** Base v1: u1, a1, u2; the log edits a1, deletes u2 and adds u3. */
  async function storeWithLog(): Promise<string> {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'question', 1), rec('a1', 'assistant', 'old answer', 2), rec('u2', 'user', 'deleted', 3)]]);
    await walPut(store, [rec('a1', 'assistant', 'new answer', 2), rec('u2', 'user', null, 4, { content_type: TOMBSTONE_CONTENT_TYPE }), rec('u3', 'user', 'added', 5)]);
    return store;
  }

  it('export writes what lancedb\'s LSM read returns and says what it read', async () => {
    const store = await storeWithLog();
    const out = path.join(tmp(), 'out.jsonl');
    const run = await runCli(['export', store, '--out', out, '--group-by', 'none']);
    assert.equal(run.code, 0, run.stderr);
    const reference = referenceListing(await rawLsmRows(store));
    const manifest = readJson(`${out}.manifest.json`);
    assert.deepEqual(manifest.source_record_ids, reference.map((row) => row.id));
    assert.deepEqual(readLines(out).map((line) => line.messages[0].content), reference.map((row) => row.text_payload));
    assert.deepEqual(manifest.wal, { included: true, records: 3 });
    assert.equal(manifest.order, 'created_at');
    assert.deepEqual(Object.keys(manifest).slice(-3), ['counts', 'order', 'wal'], 'extra keys come after export.rs\'s fields');
    assert.match(run.stdout, /read +v2 \+ 3 records in the write-ahead log/);
  });

  it('versions shows the base version and what the write-ahead log adds', async () => {
    const store = await storeWithLog();
    const text = await runCli(['versions', store]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ +2 +\S+ +\(latest; read: v2 \+ 3 records in the write-ahead log \(/m);
    const json = JSON.parse((await runCli(['versions', store, '--json'])).stdout);
    assert.deepEqual(json.map((v: any) => [v.version, v.wal_records]), [[1, undefined], [2, 3]]);
  });

  it('preview names what was read in its header', async () => {
    const store = await storeWithLog();
    const run = await runCli(['preview', store, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.match(plan.store.read, /^v2 \+ 3 records in the write-ahead log/);
    assert.equal(plan.counts.input_records, 3);
  });

  it('--at-version reads the base table and says the write-ahead log was not included', async () => {
    const store = await storeWithLog();
    const out = path.join(tmp(), 'v1.jsonl');
    const run = await runCli(['export', store, '--out', out, '--at-version', '1', '--group-by', 'none']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /at version 1: write-ahead-log rows are not versioned and were not included/);
    assert.deepEqual(readJson(`${out}.manifest.json`).source_record_ids, ['u1', 'a1', 'u2']);
    assert.equal(readJson(`${out}.manifest.json`).wal.included, false);
  });

  it('--order scan warns that the order of write-ahead-log rows is not stable', async () => {
    const store = await storeWithLog();
    const run = await runCli(['export', store, '--out', path.join(tmp(), 'scan.jsonl'), '--order', 'scan']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: scan order on .* not stable/);
  });

  it('an unknown --order is refused naming the flag', async () => {
    const store = await storeWithLog();
    const run = await runCli(['export', store, '--out', path.join(tmp(), 'x.jsonl'), '--order', 'random']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--order: unknown order 'random' \(use created_at, scan\)/);
  });

  it('a missing generation fails with the store and generation named, no stack trace and no output', async () => {
    const store = await storeWithLog();
    const walDir = path.join(store, '_mem_wal');
    for (const shard of fs.readdirSync(walDir)) {
      for (const entry of fs.readdirSync(path.join(walDir, shard))) {
        if (/_gen_\d+$/.test(entry)) fs.rmSync(path.join(walDir, shard, entry), { recursive: true });
      }
    }
    fs.mkdirSync(path.join(tmp(), 'out'));
    const run = await runCli(['export', store, '--out', path.join(tmp(), 'out', 'x.jsonl')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`cannot read ${store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(write-ahead-log generation _mem_wal/[0-9a-f-]+/[0-9a-f]+_gen_\\d+\\)`));
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(listFiles(path.join(tmp(), 'out')), []);
  });

  it('a rollout dataset is refused as "looks like a rollout store"', async () => {
    const db = await lancedb.connect(tmp());
    (await db.createTable('rollouts', [{ episode_id: 'e1', run_id: 'r', reward: 1, created_at: 1 }])).close();
    db.close();
    const run = await runCli(['preview', path.join(tmp(), 'rollouts.lance'), '--json']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not a context store: looks like a rollout store/);
  });
});
