import { strict as assert } from 'node:assert';
import * as arrow from 'apache-arrow';
import { CuratorError, decodeLabelBatches, labelEventsToArrow, labelsSchema, parseLabelEventsJsonl } from '../../../src/core';
import { labelEvent, labelEventLine } from '../../helpers/labelEvents';

function refusal(text: string): CuratorError {
  try {
    parseLabelEventsJsonl(text, 'events.jsonl');
  } catch (error) {
    assert.ok(CuratorError.is(error, 'input'), String(error));
    return error;
  }
  assert.fail('the events were accepted');
}

describe('label events as JSON lines', () => {
  const good = labelEventLine(labelEvent({ action: 'label', label: 'chosen' }));

  it('parses RFC 3339 created_at with an offset to microseconds, nullable columns left out', () => {
    const [event] = parseLabelEventsJsonl(
      '\n' + JSON.stringify({ event_id: 'x', created_at: '2026-01-01T01:00:00.000001+01:00', reviewer: 'a', source: 'human', action: 'accept', record_ids: ['r'] }) + '\n',
      'f',
    );
    assert.equal(event.created_at, Date.UTC(2026, 0, 1) * 1000 + 1);
    assert.equal(event.duration_ms, null);
  });

  for (const [what, line, expected] of [
    ['an unknown action', { action: 'approve' }, /events\.jsonl:2: event \S+: unknown action 'approve'/],
    ['a missing column', { reviewer: undefined }, /events\.jsonl:2: event \S+: missing reviewer/],
    ['a wrong type', { rank: '1', action: 'rank' }, /events\.jsonl:2: event \S+: rank must be an integer, got '1'/],
    ['a time that is not RFC 3339', { created_at: '2026-01-01' }, /events\.jsonl:2: created_at must be an RFC 3339 timestamp/],
    ['an unknown column', { lable: 'chosen' }, /events\.jsonl:2: unknown column 'lable'/],
    ['a label without its value', { action: 'label', label: undefined }, /label needs label/],
    ['a tie of one record', { action: 'tie', record_ids: ['a'] }, /tie names exactly two different records, got 1/],
    ['an edit without text', { action: 'edit' }, /edit needs text/],
    ['a retract without a target', { action: 'retract' }, /retract needs retracts/],
    ['a source that is neither human nor model:', { source: 'bot' }, /source must be 'human' or 'model:<name>'/],
  ] as const) {
    it(`refuses ${what} with its line number and why`, () => {
      const base = JSON.parse(labelEventLine(labelEvent()));
      const error = refusal(`${good}\n${JSON.stringify({ ...base, ...line })}\n${good.replace(/"e\d+"/, '"other"')}`);
      assert.match(error.message, expected);
      assert.equal(error.details.line, 2);
    });
  }

  it('refuses a line that is not JSON, and an event_id used twice', () => {
    assert.match(refusal(`${good}\n{oops`).message, /events\.jsonl:2: not valid JSON/);
    assert.match(refusal(`${good}\n${good}`).message, /events\.jsonl:2: event_id \S+ was already used on line 1/);
  });
});

describe('label events read from a dataset', () => {
  it('round-trips every column through our own schema', () => {
    const event = labelEvent({ action: 'rank', rank: 2, shown_order: ['r2', 'r1'], store_version: 7, duration_ms: 1234, created_at: 1_770_000_000_123_456 });
    const table = labelEventsToArrow([event], labelsSchema(), 'mem');
    assert.deepEqual(decodeLabelBatches(table.batches), { events: [event], skipped: [] });
  });

  it('accepts the columns declared nullable or not, with other widths and units, and ignores extra columns', () => {
    const schema = new arrow.Schema([
      new arrow.Field('event_id', new arrow.LargeUtf8(), true),
      new arrow.Field('created_at', new arrow.TimestampNanosecond(), true),
      new arrow.Field('reviewer', new arrow.Utf8(), true),
      new arrow.Field('source', new arrow.Utf8(), true),
      new arrow.Field('action', new arrow.Utf8(), true),
      new arrow.Field('record_ids', new arrow.List(new arrow.Field('item', new arrow.Utf8(), true)), true),
      new arrow.Field('rank', new arrow.Int32(), false),
      new arrow.Field('judge_score', new arrow.Float64(), true),
    ]);
    const event = labelEvent({ action: 'rank', rank: 1, created_at: 1_770_000_000_000_001 });
    const [decoded] = decodeLabelBatches(labelEventsToArrow([event], schema, 'mem').batches).events;
    assert.deepEqual(decoded, event);
  });

  it('skips and counts events it cannot use, keeping the rest', () => {
    const schema = new arrow.Schema([
      ...labelsSchema().fields.filter((f) => f.name !== 'rank').map((f) => new arrow.Field(f.name, f.type, true)),
      new arrow.Field('rank', new arrow.Utf8(), true),
    ]);
    const rows = [
      { event_id: 'ok', action: 'accept' },
      { event_id: 'bad-action', action: 'approve' },
      { event_id: 'no-records', action: 'discard', record_ids: null },
      { event_id: 'string-rank', action: 'rank', rank: '1' },
      { event_id: 'ok', action: 'accept' },
    ];
    const vectors: Record<string, arrow.Vector> = {};
    for (const field of schema.fields) {
      const builder = arrow.makeBuilder({ type: field.type, nullValues: [null, undefined] });
      for (const row of rows) {
        const value = (row as Record<string, unknown>)[field.name];
        if (field.name === 'created_at') builder.append(1_770_000_000_000);
        else if (value !== undefined) builder.append(value);
        else builder.append(({ reviewer: 'ana', source: 'human', record_ids: ['r1'] } as Record<string, unknown>)[field.name] ?? null);
      }
      vectors[field.name] = builder.finish().toVector();
    }
    const { events, skipped } = decodeLabelBatches(new arrow.Table(vectors).batches);
    assert.deepEqual(events.map((e) => e.event_id), ['ok']);
    assert.deepEqual(
      skipped.map((s) => [s.row, s.eventId, s.field]),
      [
        [1, 'bad-action', 'action'],
        [2, 'no-records', 'record_ids'],
        [3, 'string-rank', 'rank'],
        [4, 'ok', 'event_id'],
      ],
    );
    assert.match(skipped[2].reason, /rank must be an integer, got a column of Arrow type|rank must be an integer, got '1'/);
  });
});
