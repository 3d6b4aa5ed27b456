import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { appendLabelEvents, CurationSession, ExportOptions, LabelEvent, labelsSchema, planExport } from '../../../src/core';
import { labelEvent } from '../../helpers/labelEvents';
import { addRecords, exportStore, rec } from '../../helpers/records';
import { readLines, useTempDir } from '../../helpers/tempDir';

/** Two sessions, each a prompt and two scored answers; s2's answers differ only by a word. */
function records() {
  return [
    rec('q1', 'user', 'How do I reset my password?', 0),
    rec('a1', 'assistant', 'Open settings, then security, then reset.', 1, { metadata: { reward: 0.9 } }),
    rec('b1', 'assistant', 'I cannot help with that.', 2, { metadata: { reward: 0.1 } }),
    rec('q2', 'user', 'What is the refund window?', 10, { session_id: 's2' }),
    rec('a2', 'assistant', 'Refunds are accepted within 30 days.', 11, { session_id: 's2', metadata: { reward: 0.8 } }),
    rec('b2', 'assistant', 'Refunds are never accepted.', 12, { session_id: 's2', metadata: { reward: 0.2 } }),
    rec('c2', 'assistant', 'Ask someone else.', 13, { session_id: 's2', metadata: { reward: 0.5 } }),
  ];
}

describe('an export with --labels', function () {
  this.timeout(60_000);
  const dir = useTempDir();

  async function setup(events: LabelEvent[]): Promise<{ store: string; labels: string }> {
    const store = await addRecords(dir(), records());
    const labels = path.join(dir(), 'ctx.review', 'labels.lance');
    if (events.length > 0) await appendLabelEvents(labels, events);
    return { store, labels };
  }

  async function plan(store: string, options: ExportOptions) {
    const session = await CurationSession.open(store);
    try {
      return await planExport(session, options);
    } finally {
      await session.close();
    }
  }

  it('label events override metadata.label as if logged: a swap flips the pair, and filters see it', async () => {
    const { store, labels } = await setup([
      labelEvent({ action: 'label', label: 'chosen', record_ids: ['b1'] }),
      labelEvent({ action: 'label', label: 'rejected', record_ids: ['a1'] }),
    ]);
    const { out } = await exportStore(dir(), { task: 'preference', labels });
    const [first] = readLines(out);
    assert.equal(first.chosen[0].content, 'I cannot help with that.');
    assert.equal(first.rejected[0].content, 'Open settings, then security, then reset.');
    const filtered = await plan(store, { task: 'sft', labels, filter: '{"label":"chosen"}' });
    assert.deepEqual(filtered.output.manifest.source_record_ids, ['b1']);
    const unlabelled = await plan(store, { task: 'sft', filter: '{"label":"chosen"}' });
    assert.deepEqual(unlabelled.output.manifest.source_record_ids, []);
  });

  it('rank events override metadata.rank in the ranked form', async () => {
    const { labels, store } = await setup([
      labelEvent({ action: 'rank', rank: 1, record_ids: ['c2'] }),
      labelEvent({ action: 'rank', rank: 2, record_ids: ['a2'] }),
      labelEvent({ action: 'rank', rank: 3, record_ids: ['b2'] }),
    ]);
    const ranked = await plan(store, { task: 'preference', form: 'ranked', labels, groupBy: 'session_id' });
    const s2 = JSON.parse(ranked.output.examples[1].line);
    assert.deepEqual(s2.candidates.map((c: any) => [c.rank, c.messages[0].content]), [
      [1, 'Ask someone else.'],
      [2, 'Refunds are accepted within 30 days.'],
      [3, 'Refunds are never accepted.'],
    ]);
  });

  it('a discard removes the record in the review stage, with reason, event and reviewer, counted in the manifest and stats', async () => {
    const discard = labelEvent({ action: 'discard', record_ids: ['b2'], reviewer: 'bo', reason: 'wrong policy' });
    const { store, labels } = await setup([discard]);
    const planned = await plan(store, { task: 'preference', labels, stats: true });
    assert.equal(planned.output.counts.after_lifecycle, 7);
    assert.equal(planned.output.counts.after_review, 6);
    assert.deepEqual(planned.excluded.review?.list(), [
      { row: 5, id: 'b2', stage: 'review', rule: 'discarded', reason: `discarded by bo (event ${discard.event_id}): wrong policy`, eventId: discard.event_id, reviewer: 'bo' },
    ]);
    assert.equal(planned.output.stats.excluded.review, 1);
    assert.deepEqual(JSON.parse(planned.output.manifestJson).labels, { uri: labels, version: 1, events_applied: 1, events_skipped: 0 });
    // After the reward filter's input shrinks, the pair of s2 is c2 vs a2's rival, no longer b2.
    assert.ok(!planned.output.manifest.source_record_ids.includes('b2'));
  });

  it('suggestions and retracted events change nothing', async () => {
    const discard = labelEvent({ action: 'discard', record_ids: ['a1'] });
    const { store, labels } = await setup([
      labelEvent({ source: 'model:judge', action: 'discard', record_ids: ['b1'] }),
      discard,
      labelEvent({ action: 'retract', retracts: discard.event_id }),
    ]);
    const planned = await plan(store, { task: 'preference', labels });
    assert.deepEqual(planned.excluded.review?.list(), []);
    assert.equal(JSON.parse(planned.output.manifestJson).labels.events_applied, 0);
  });

  it('a tie drops the native pair of exactly those two records, as an excluded example with the reason', async () => {
    const tie = labelEvent({ action: 'tie', record_ids: ['b1', 'a1'], reason: 'both fine' });
    const { store, labels } = await setup([tie]);
    const planned = await plan(store, { task: 'preference', labels });
    assert.equal(planned.output.counts.examples, 1);
    assert.deepEqual(planned.output.excludedExamples, [{ group: 's1', record_ids: ['q1', 'a1', 'b1'], reason: `tied a1 = b1 by ana (event ${tie.event_id}): both fine` }]);
    assert.equal(planned.output.stats.excluded_examples, 1);
  });

  it('a tie drops the TRL pairs made from a ranked list whose chosen and rejected are exactly those two', async () => {
    const { store, labels } = await setup([labelEvent({ action: 'tie', record_ids: ['c2', 'b2'] })]);
    const options: ExportOptions = { task: 'preference', form: 'ranked', format: 'trl', rankedPairs: 'all' };
    const before = await plan(store, options);
    const after = await plan(store, { ...options, labels });
    assert.equal(after.output.counts.examples, before.output.counts.examples - 1);
    const dropped = after.output.excludedExamples.filter((e) => e.reason.startsWith('tied'));
    assert.deepEqual(dropped.map((e) => e.record_ids), [['q2', 'c2', 'b2']]);
  });

  it('an edit replaces the text for every later stage: the line shows it and text dedup sees it', async () => {
    const { store, labels } = await setup([labelEvent({ action: 'edit', record_ids: ['b2'], text: 'Refunds are accepted within 30 days.' })]);
    const sft = await plan(store, { task: 'sft', labels });
    assert.match(sft.output.examples[1].line, /"content":"Refunds are accepted within 30 days\."\}\s*,\s*\{"role":"assistant","content":"Refunds are accepted within 30 days\./);
    const deduped = await plan(store, { task: 'sft', labels, textDedup: 'exact', dedupUnit: 'record' });
    assert.deepEqual(deduped.excluded.text_exact?.list().map((e) => [e.id, e.duplicateOf]), [['b2', 'a2']]);
    const unlabelled = await plan(store, { task: 'sft', textDedup: 'exact', dedupUnit: 'record' });
    assert.deepEqual(unlabelled.excluded.text_exact?.list(), []);
  });

  it('--edit-pairs: an edited assistant response also yields a pair, edit as chosen and original as rejected, marked in provenance', async () => {
    const edit = labelEvent({ action: 'edit', record_ids: ['b1'], text: 'Open settings, then security, then reset password.', reviewer: 'cy' });
    const { store, labels } = await setup([edit]);
    const { out } = await exportStore(dir(), { task: 'preference', labels, editPairs: true });
    const lines = readLines(out);
    assert.equal(lines.length, 3, 'two sessions, plus one edit pair');
    const pair = lines.find((line) => line.provenance.review_edit);
    assert.deepEqual(pair.prompt, [{ role: 'user', content: 'How do I reset my password?' }]);
    assert.deepEqual(pair.chosen, [{ role: 'assistant', content: 'Open settings, then security, then reset password.' }]);
    assert.deepEqual(pair.rejected, [{ role: 'assistant', content: 'I cannot help with that.' }]);
    assert.deepEqual(pair.provenance.review_edit, { event_id: edit.event_id, reviewer: 'cy' });
    // The preview's objects are the file's bytes.
    const planned = await plan(store, { task: 'preference', labels, editPairs: true });
    assert.deepEqual(planned.output.examples.map((e) => e.line), fs.readFileSync(out, 'utf8').trimEnd().split('\n'));
    const trl = await exportStore(dir(), { task: 'preference', labels, editPairs: true, format: 'trl' }, 'trl.jsonl');
    const sidecar = readLines(`${trl.out}.provenance.jsonl`);
    const marked = sidecar.filter((line) => line.provenance.review_edit);
    assert.equal(marked.length, 1);
    assert.deepEqual(readLines(trl.out)[sidecar.indexOf(marked[0])].rejected, [{ role: 'assistant', content: 'I cannot help with that.' }]);
  });

  it('--edit-pairs is refused without --labels or outside the paired form', async () => {
    const { store, labels } = await setup([]);
    await assert.rejects(plan(store, { task: 'preference', editPairs: true }), /edit pairs come from review edits: they need a labels dataset/);
    await assert.rejects(plan(store, { task: 'sft', labels, editPairs: true }), /need the preference task in the paired form/);
  });

  it('a preview session reading the latest labels sees a later append on its next recount', async () => {
    const { store, labels } = await setup([labelEvent({ action: 'discard', record_ids: ['b1'] })]);
    const session = await CurationSession.open(store, { cachePayloads: true });
    try {
      const first = await planExport(session, { task: 'preference', labels });
      assert.deepEqual(first.excluded.review?.list().map((e) => e.id), ['b1']);
      const again = await planExport(session, { task: 'preference', labels });
      assert.deepEqual(again.excluded.review?.list().map((e) => e.id), ['b1']);
      await appendLabelEvents(labels, [labelEvent({ action: 'discard', record_ids: ['b2'] })]);
      const later = await planExport(session, { task: 'preference', labels });
      assert.deepEqual(later.excluded.review?.list().map((e) => e.id), ['b1', 'b2']);
      assert.equal(JSON.parse(later.output.manifestJson).labels.version, 2);
      const pinned = await planExport(session, { task: 'preference', labels, labelsVersion: 1 });
      assert.deepEqual(pinned.excluded.review?.list().map((e) => e.id), ['b1']);
    } finally {
      await session.close();
    }
  });

  it('events the reader cannot use are skipped and counted in the manifest, never failing the export', async () => {
    const store = await addRecords(dir(), records());
    const db = await lancedb.connect(dir());
    const schema = new arrow.Schema(labelsSchema().fields.map((f) => new arrow.Field(f.name, f.type, true)));
    const table = await db.createEmptyTable('theirs', schema);
    await table.add([{ event_id: 'broken', created_at: null, reviewer: 'x', source: 'human', action: 'discard', record_ids: ['a1'] }]);
    table.close();
    db.close();
    const labels = path.join(dir(), 'theirs.lance');
    await appendLabelEvents(labels, [labelEvent({ action: 'discard', record_ids: ['b1'] })]);
    const planned = await plan(store, { task: 'preference', labels });
    assert.deepEqual(planned.excluded.review?.list().map((e) => e.id), ['b1']);
    assert.deepEqual(JSON.parse(planned.output.manifestJson).labels, { uri: labels, version: 3, events_applied: 1, events_skipped: 1 });
  });

  it('without --labels the manifest, counts and run record carry nothing of it', async () => {
    await setup([]);
    const { out } = await exportStore(dir(), { task: 'preference' });
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'));
    assert.equal(manifest.labels, undefined);
    assert.equal(manifest.counts.after_review, undefined);
    const record = JSON.parse(fs.readFileSync(`${out}.run.json`, 'utf8'));
    assert.equal(record.options.labels, undefined);
    assert.equal(record.options.labelsVersion, undefined);
  });
});
