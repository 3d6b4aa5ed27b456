import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { labelsSchema, LabelEvent } from '../../src/core';
import { runCli } from '../helpers/cli';
import { labelEvent, labelEventLine } from '../helpers/labelEvents';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

function writeEvents(file: string, events: LabelEvent[]): string {
  fs.writeFileSync(file, events.map(labelEventLine).join('\n') + '\n');
  return file;
}

async function show(labels: string): Promise<any> {
  const run = await runCli(['labels', 'show', labels, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('lance-curator labels', function () {
  this.timeout(120_000);
  const dir = useTempDir();

  it('append creates the dataset, then appends one version per call; show --at-version reads an older one', async () => {
    const labels = path.join(dir(), 'ctx.review', 'labels.lance');
    const first = await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'a.jsonl'), [labelEvent(), labelEvent()])]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^created .*labels\.lance: 2 events, now version 1/);
    const second = await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'b.jsonl'), [labelEvent()]), '--json']);
    assert.deepEqual(JSON.parse(second.stdout), { uri: labels, created: false, events: 1, version: 2 });
    assert.equal((await show(labels)).events, 3);
    const old = await runCli(['labels', 'show', labels, '--at-version', '1', '--json']);
    assert.equal(JSON.parse(old.stdout).events, 2);
  });

  it('a bad event is refused with its line number and why, and nothing is appended', async () => {
    const labels = path.join(dir(), 'labels.lance');
    const file = path.join(dir(), 'events.jsonl');
    const good = labelEventLine(labelEvent());
    fs.writeFileSync(file, `${good}\n\n${JSON.stringify({ ...JSON.parse(good), event_id: 'bad', action: 'approve' })}\n`);
    const run = await runCli(['labels', 'append', labels, '--events', file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /events\.jsonl:3: event bad: unknown action 'approve'/);
    assert.equal(fs.existsSync(labels), false, 'no dataset was created');
    await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'ok.jsonl'), [labelEvent()])]);
    fs.writeFileSync(file, `${good.replace(/"e\d+"/, '"x"')}\n{"event_id":"y"}\n`);
    const again = await runCli(['labels', 'append', labels, '--events', file]);
    assert.match(again.stderr, /events\.jsonl:2: event y: missing/);
    assert.equal((await show(labels)).version, 1, 'the good line before it was not appended either');
  });

  for (const existing of [false, true]) {
    it(`two concurrent appends of 500 events each both land, onto ${existing ? 'an existing' : 'a new'} dataset`, async () => {
      const labels = path.join(dir(), 'labels.lance');
      if (existing) await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'seed.jsonl'), [labelEvent({ event_id: 'seed' })])]);
      const files = ['p', 'q'].map((prefix) =>
        writeEvents(path.join(dir(), `${prefix}.jsonl`), Array.from({ length: 500 }, (_, i) => labelEvent({ event_id: `${prefix}-${i}` }))),
      );
      const runs = await Promise.all(files.map((file) => runCli(['labels', 'append', labels, '--events', file, '--json'])));
      for (const run of runs) assert.equal(run.code, 0, run.stderr);
      const report = await show(labels);
      assert.equal(report.events, existing ? 1001 : 1000);
      assert.equal(report.events_skipped, 0);
    });
  }

  it('appends to a dataset lancedb created with nullable columns, in its schema', async () => {
    const db = await lancedb.connect(dir());
    const schema = new arrow.Schema(labelsSchema().fields.map((f) => new arrow.Field(f.name, f.type, true)));
    (await db.createEmptyTable('theirs', schema)).close();
    const labels = path.join(dir(), 'theirs.lance');
    const run = await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'e.jsonl'), [labelEvent({ action: 'discard', reason: 'spam' })])]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^appended to/);
    const table = await db.openTable('theirs');
    assert.ok((await table.schema()).fields.every((f) => f.nullable));
    assert.equal(await table.countRows(), 1);
    table.close();
    db.close();
    assert.equal((await show(labels)).decisions[0].discard.reason, 'spam');
  });

  it('show reports decisions, counts, agreement, first-shown pick rates and the median time', async () => {
    const labels = path.join(dir(), 'labels.lance');
    const t = 1_770_000_000_000_000;
    const events = [
      labelEvent({ reviewer: 'ana', action: 'label', label: 'chosen', record_ids: ['a'], shown_order: ['a', 'b'], duration_ms: 1000, created_at: t }),
      labelEvent({ reviewer: 'bo', action: 'label', label: 'chosen', record_ids: ['b'], shown_order: ['b', 'a'], duration_ms: 3000, created_at: t + 1 }),
      labelEvent({ reviewer: 'ana', action: 'tie', record_ids: ['c', 'd'], shown_order: ['c', 'd'], reason: 'same', duration_ms: 500, created_at: t + 2 }),
      labelEvent({ reviewer: 'bo', action: 'tie', record_ids: ['c', 'd'], shown_order: ['d', 'c'], created_at: t + 3 }),
      labelEvent({ reviewer: 'judge', source: 'model:gpt', action: 'label', label: 'chosen', record_ids: ['a'], shown_order: ['a', 'b'], created_at: t + 4 }),
    ];
    await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'e.jsonl'), events)]);
    const report = await show(labels);
    assert.deepEqual(report.counts.events_per_action, { label: 3, tie: 2 });
    assert.deepEqual(report.counts.events_per_reviewer, { ana: 2, bo: 2, judge: 1 });
    assert.deepEqual(report.counts.effective_per_reviewer, { ana: 1, bo: 2 });
    assert.equal(report.counts.suggestions, 1);
    assert.deepEqual(report.decisions.map((d: any) => [d.record_id, d.label.value, d.label.reviewer]), [['a', 'chosen', 'ana'], ['b', 'chosen', 'bo']]);
    assert.deepEqual(report.ties.map((t: any) => t.record_ids), [['c', 'd']]);
    assert.deepEqual(report.agreement, { alpha: 0.4, examples: 2, reviewers: 2 });
    assert.deepEqual(report.first_shown_pick_rate.bo, { picks: 1, first_shown: 1, rate: 1 });
    assert.equal(report.median_duration_ms.all, 1000);
    const text = await runCli(['labels', 'show', labels]);
    assert.match(text.stdout, /Krippendorff's alpha \(nominal\) 0\.400 over 2 examples/);
    assert.match(text.stdout, /first-shown pick rate of judge: 100\.0% \(1\/1\)/);
  });

  it('export --replay reads the pinned labels version after later appends, and writes the same bytes', async () => {
    const store = await addRecords(dir(), [
      rec('q', 'user', 'Hi?', 0),
      rec('a', 'assistant', 'Hello!', 1, { metadata: { reward: 0.9 } }),
      rec('b', 'assistant', 'Go away.', 2, { metadata: { reward: 0.1 } }),
      rec('c', 'assistant', 'Hey.', 3, { metadata: { reward: 0.5 } }),
    ]);
    const labels = path.join(dir(), 'labels.lance');
    await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'one.jsonl'), [labelEvent({ action: 'discard', record_ids: ['b'] })])]);
    const out = path.join(dir(), 'out.jsonl');
    const first = await runCli(['export', store, '--task', 'preference', '--labels', labels, '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    const bytes = fs.readFileSync(out);
    const manifest = fs.readFileSync(`${out}.manifest.json`, 'utf8');
    assert.equal(JSON.parse(manifest).labels.version, 1);
    assert.equal(JSON.parse(fs.readFileSync(`${out}.run.json`, 'utf8')).options.labelsVersion, 1);
    await runCli(['labels', 'append', labels, '--events', writeEvents(path.join(dir(), 'two.jsonl'), [labelEvent({ action: 'discard', record_ids: ['c'] })])]);
    const latest = await runCli(['export', store, '--task', 'preference', '--labels', labels, '--out', path.join(dir(), 'latest.jsonl')]);
    assert.equal(latest.code, 0, latest.stderr);
    assert.notDeepEqual(fs.readFileSync(path.join(dir(), 'latest.jsonl')), bytes, 'the later discard changes a fresh export');
    fs.rmSync(out);
    const replay = await runCli(['export', '--replay', `${out}.run.json`]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(fs.readFileSync(out), bytes);
    assert.equal(fs.readFileSync(`${out}.manifest.json`, 'utf8'), manifest);
  });
});
