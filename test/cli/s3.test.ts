import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextStore, importRecords, readWalStatus, resolveStoreLocation, TOMBSTONE_CONTENT_TYPE } from '../../src/core';
import { writeThroughMemWal } from '../../src/core/store/memWalWriter';
import { runCli } from '../helpers/cli';
import { DIM, rec } from '../helpers/records';
import { startS3, S3Fixture } from '../helpers/s3Server';
import { listFiles, readJson, readLines, useTempDir } from '../helpers/tempDir';
import { labelEvent, labelEventLine } from '../helpers/labelEvents';

describe('stores on S3 (s3rver)', () => {
  const tmp = useTempDir();
  let s3: S3Fixture;
  before(async () => {
    s3 = await startS3();
  });
  after(async () => {
    await s3.close();
  });

  let counter = 0;
  /** A fresh store URI per test, in the one bucket. */
  const freshUri = () => `s3://${s3.bucket}/t${++counter}/ctx.lance`;

  async function baseOnly(): Promise<string> {
    const uri = freshUri();
    await importRecords(uri, [rec('u1', 'user', 'hello from s3', 1), rec('a1', 'assistant', 'hi', 2)], { dim: DIM, storageOptions: s3.storageOptions });
    return uri;
  }

  async function withLog(): Promise<string> {
    const uri = await baseOnly();
    const store = await ContextStore.open(uri, { storageOptions: s3.storageOptions });
    const schema = store.schema;
    store.close();
    await writeThroughMemWal(
      resolveStoreLocation(uri),
      [rec('a1', 'assistant', 'edited on s3', 2), rec('u1', 'user', null, 3, { content_type: TOMBSTONE_CONTENT_TYPE }), rec('u2', 'user', 'new on s3', 4)],
      schema,
      { numBuckets: 2, storageOptions: s3.storageOptions },
    );
    return uri;
  }

  it('exports a base-only store with --storage-option', async () => {
    const uri = await baseOnly();
    const out = path.join(tmp(), 'out.jsonl');
    const run = await runCli(['export', uri, '--out', out, '--group-by', 'none', ...s3.storageFlags]);
    assert.equal(run.code, 0, run.stderr);
    const manifest = readJson(`${out}.manifest.json`);
    assert.equal(manifest.context_uri, uri);
    assert.deepEqual(manifest.source_record_ids, ['u1', 'a1']);
    assert.equal(manifest.wal, undefined);
  });

  it('labels append creates a labels dataset on S3 with the store\'s storage options, and export --labels applies it', async () => {
    const uri = await baseOnly();
    const labels = uri.replace(/ctx\.lance$/, 'ctx.review/labels.lance');
    const events = path.join(tmp(), 'events.jsonl');
    fs.writeFileSync(events, `${labelEventLine(labelEvent({ action: 'discard', record_ids: ['a1'], reason: 'off' }))}\n`);
    const appended = await runCli(['labels', 'append', labels, '--events', events, '--json', ...s3.storageFlags]);
    assert.equal(appended.code, 0, appended.stderr);
    assert.deepEqual(JSON.parse(appended.stdout), { uri: labels, created: true, events: 1, version: 1 });
    const out = path.join(tmp(), 'out.jsonl');
    const run = await runCli(['export', uri, '--out', out, '--group-by', 'none', '--labels', labels, ...s3.storageFlags]);
    assert.equal(run.code, 0, run.stderr);
    const manifest = readJson(`${out}.manifest.json`);
    assert.deepEqual(manifest.source_record_ids, ['u1']);
    assert.deepEqual(manifest.labels, { uri: labels, version: 1, events_applied: 1, events_skipped: 0 });
  });

  it('detects the MemWAL of an s3 store and exports base and log together', async () => {
    const uri = await withLog();
    const store = await ContextStore.open(uri, { storageOptions: s3.storageOptions });
    try {
      assert.equal(store.memWal, true);
      assert.equal((await readWalStatus(store)).walRecords, 3);
    } finally {
      store.close();
    }
    const out = path.join(tmp(), 'out.jsonl');
    const run = await runCli(['export', uri, '--out', out, '--group-by', 'none', ...s3.storageFlags]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readLines(out).map((line) => line.messages[0].content), ['edited on s3', 'new on s3']);
    assert.deepEqual(readJson(`${out}.manifest.json`).wal, { included: true, records: 3 });
  });

  it('previews a MemWAL store on s3', async () => {
    const uri = await withLog();
    const run = await runCli(['preview', uri, '--json', ...s3.storageFlags]);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.equal(plan.counts.input_records, 2);
    assert.match(plan.store.read, /^v\d+ \+ 3 records in the write-ahead log$/);
  });

  it('a wrong access key is a clear error and writes nothing', async () => {
    const uri = await baseOnly();
    const flags = s3.storageFlags.map((flag) => (flag.startsWith('aws_access_key_id=') ? 'aws_access_key_id=WRONG' : flag));
    const run = await runCli(['export', uri, '--out', path.join(tmp(), 'x.jsonl'), ...flags]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^lance-curator: cannot open ${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} as a Lance dataset: `));
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.deepEqual(listFiles(tmp()), []);
  });

  it('a bucket that does not exist is a clear error', async () => {
    const run = await runCli(['preview', 's3://no-such-bucket/ctx.lance', '--json', ...s3.storageFlags]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^lance-curator: cannot open s3:\/\/no-such-bucket\/ctx\.lance as a Lance dataset: /);
  });
});
