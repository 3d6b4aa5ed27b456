import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { appendLabelEvents, CuratorError, labelsSchema, readLabelEvents } from '../../../src/core';
import { labelEvent } from '../../helpers/labelEvents';
import { useTempDir } from '../../helpers/tempDir';

describe('the labels dataset', function () {
  this.timeout(60_000);
  const dir = useTempDir();

  it('is created by the first append and grows by one version per append; a pinned version reads what it held', async () => {
    const uri = path.join(dir(), 'review', 'labels.lance');
    const first = [labelEvent({ action: 'label', label: 'chosen' }), labelEvent({ action: 'discard', reason: 'broken' })];
    assert.deepEqual(await appendLabelEvents(uri, first), { uri, created: true, events: 2, version: 1 });
    const later = labelEvent({ action: 'tie', record_ids: ['a', 'b'] });
    assert.deepEqual(await appendLabelEvents(uri, [later]), { uri, created: false, events: 1, version: 2 });
    const latest = await readLabelEvents(uri);
    assert.equal(latest.version, 2);
    assert.deepEqual(latest.events, [...first, later]);
    const pinned = await readLabelEvents(uri, { version: 1 });
    assert.deepEqual([pinned.version, pinned.events], [1, first]);
  });

  it('creates the schema of the contract: required columns non-nullable, µs UTC times', async () => {
    const uri = path.join(dir(), 'labels.lance');
    await appendLabelEvents(uri, [labelEvent()]);
    const db = await lancedb.connect(dir());
    const table = await db.openTable('labels');
    const schema = await table.schema();
    assert.deepEqual(
      schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`),
      labelsSchema().fields.map((f) => `${f.name}:${f.type}:${f.nullable}`),
    );
    table.close();
    db.close();
  });

  it('appends to a dataset lancedb created with nullable columns and an extra column, in that dataset’s own schema', async () => {
    const db = await lancedb.connect(dir());
    const schema = new arrow.Schema([
      ...labelsSchema().fields.map((f) => new arrow.Field(f.name, f.type, true)),
      new arrow.Field('judge_score', new arrow.Float64(), true),
    ]);
    const created = await db.createEmptyTable('theirs', schema);
    const before = (await created.schema()).fields.map((f) => `${f.name}:${f.type}:${f.nullable}`);
    created.close();
    const uri = path.join(dir(), 'theirs.lance');
    const event = labelEvent({ source: 'model:judge', action: 'label', label: 'chosen', duration_ms: 12 });
    const result = await appendLabelEvents(uri, [event]);
    assert.equal(result.created, false);
    assert.deepEqual((await readLabelEvents(uri)).events, [event]);
    const table = await db.openTable('theirs');
    assert.deepEqual((await table.schema()).fields.map((f) => `${f.name}:${f.type}:${f.nullable}`), before);
    table.close();
    db.close();
  });

  it('refuses to append to a dataset without the event columns, naming the column', async () => {
    const db = await lancedb.connect(dir());
    (await db.createTable('other', [{ id: 'x' }])).close();
    db.close();
    await assert.rejects(appendLabelEvents(path.join(dir(), 'other.lance'), [labelEvent()]), (error) => {
      assert.ok(CuratorError.is(error, 'input'));
      assert.match(error.message, /has no event_id column/);
      return true;
    });
  });

  it('concurrent appends onto a missing dataset all land, even when two creates race', async () => {
    // Five writers finding no dataset: Lance may commit a losing create as an overwrite; its writer restores what it overwrote.
    const uri = path.join(dir(), 'labels.lance');
    const batch = (prefix: string) => Array.from({ length: 200 }, (_, i) => labelEvent({ event_id: `${prefix}-${i}` }));
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => appendLabelEvents(uri, batch(p))));
    assert.ok(results.some((r) => r.created));
    const read = await readLabelEvents(uri);
    assert.equal(read.events.length, 1000);
    assert.deepEqual(read.skipped, []);
  });

  it('reading a version the dataset does not have says which it has', async () => {
    const uri = path.join(dir(), 'labels.lance');
    await appendLabelEvents(uri, [labelEvent()]);
    await assert.rejects(readLabelEvents(uri, { version: 9 }), /has no version 9 \(latest is 1\)/);
  });
});
