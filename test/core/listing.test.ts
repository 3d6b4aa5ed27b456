import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CuratorError, CurationSession, listRecords, ListOptions, parseRecordFilters, TOMBSTONE_CONTENT_TYPE, ContextRecord, ContextStore, parseSerdeValue, planExport } from '../../src/core';
import { loadRowTable } from '../../src/core/store/rowTable';
import { extractSignals } from '../../src/core/listing/recordSignals';
import { appendWithRawMetadata } from '../helpers/rawStore';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

const HOUR = 3600 * 1_000_000;
const NOW = (1_700_000_000 + 1000) * 1_000_000;

describe('listing (store-format.md)', () => {
  const tmp = useTempDir();

  /** Writes each batch as a version, then lists with `options`; returns visible ids and hidden reasons. */
  async function list(batches: ContextRecord[][], options: ListOptions & { filter?: string } = {}) {
    for (const batch of batches) await addRecords(tmp(), batch);
    const store = await ContextStore.open(path.join(tmp(), 'ctx.lance'));
    const table = await loadRowTable(store);
    const filters = options.filter ? parseRecordFilters(options.filter).filters : undefined;
    const listing = listRecords(table, extractSignals(table), { referenceTime: NOW, ...options, filters });
    store.close();
    return {
      ids: Array.from(listing.rows, (row) => table.id.at(row)),
      hidden: Object.fromEntries(listing.hidden.list().map((h) => [h.id, h])),
    };
  }

  it('keeps the last written row of an id, at the position of that row', async () => {
    const { ids } = await list([
      [rec('a', 'user', 'old a', 1), rec('b', 'user', 'b', 2)],
      [rec('a', 'user', 'new a', 3), rec('c', 'user', 'c', 4)],
    ]);
    assert.deepEqual(ids, ['b', 'a', 'c']);
  });

  it('hides a record whose last row is a tombstone, and the tombstone itself', async () => {
    const { ids, hidden } = await list([
      [rec('a', 'user', 'a', 1), rec('b', 'user', 'b', 2)],
      [rec('a', 'user', null, 3, { content_type: TOMBSTONE_CONTENT_TYPE })],
    ]);
    assert.deepEqual(ids, ['b']);
    assert.equal(hidden.a.rule, 'tombstone');
  });

  it('treats any content type mentioning "tombstone" as a tombstone', async () => {
    const { ids } = await list([[rec('a', 'user', 'a', 1)], [rec('a', 'user', null, 2, { content_type: 'application/x-TOMBSTONE' })]]);
    assert.deepEqual(ids, []);
  });

  it('shows an id again when a row is written after its tombstone', async () => {
    const { ids } = await list([
      [rec('a', 'user', 'a', 1)],
      [rec('a', 'user', null, 2, { content_type: TOMBSTONE_CONTENT_TYPE })],
      [rec('a', 'user', 'again', 3)],
    ]);
    assert.deepEqual(ids, ['a']);
  });

  it('hides a record named in another surviving row\'s supersedes_id, unless retired records are included', async () => {
    const batches = [[rec('old', 'user', 'v1', 1)], [rec('new', 'user', 'v2', 2, { supersedes_id: 'old' })]];
    const hiddenRun = await list(batches);
    assert.deepEqual(hiddenRun.ids, ['new']);
    assert.match(hiddenRun.hidden.old.reason, /superseded by new/);
  });

  it('shows superseded records with include_retired', async () => {
    const { ids } = await list([[rec('old', 'user', 'v1', 1)], [rec('new', 'user', 'v2', 2, { supersedes_id: 'old' })]], {
      includeRetired: true,
    });
    assert.deepEqual(ids, ['old', 'new']);
  });

  it('lets an expired or filtered-out successor still hide its predecessor', async () => {
    const { ids } = await list(
      [[rec('old', 'user', 'v1', 1), rec('new', 'assistant', 'v2', 2, { supersedes_id: 'old', expires_at: NOW - HOUR })]],
      { filter: '{"role":"user"}' },
    );
    assert.deepEqual(ids, []);
  });

  it('ignores a record that supersedes itself', async () => {
    const { ids } = await list([[rec('a', 'user', 'a', 1, { supersedes_id: 'a' })]]);
    assert.deepEqual(ids, ['a']);
  });

  it('hides records expiring at or before the reference time unless include_expired', async () => {
    const batch = [
      rec('past', 'user', 'p', 1, { expires_at: NOW - HOUR }),
      rec('edge', 'user', 'e', 2, { expires_at: NOW }),
      rec('future', 'user', 'f', 3, { expires_at: NOW + HOUR }),
    ];
    const hidden = await list([batch]);
    assert.deepEqual(hidden.ids, ['future']);
    assert.match(hidden.hidden.past.reason, /^expired 2023-11-14T/);
  });

  it('shows expired records with include_expired', async () => {
    const { ids } = await list([[rec('past', 'user', 'p', 1, { expires_at: NOW - HOUR })]], { includeExpired: true });
    assert.deepEqual(ids, ['past']);
  });

  it('uses the given reference time for expiry', async () => {
    const { ids } = await list([[rec('soon', 'user', 's', 1, { expires_at: NOW + HOUR })]], { referenceTime: NOW + 2 * HOUR });
    assert.deepEqual(ids, []);
  });

  it('hides non-active statuses, retired_at and superseded_by_id but keeps contradicted', async () => {
    const { ids, hidden } = await list([
      [
        rec('active', 'user', 'a', 1),
        rec('contra', 'user', 'c', 2, { lifecycle_status: 'contradicted' }),
        rec('retired', 'user', 'r', 3, { lifecycle_status: 'retired' }),
        rec('stamped', 'user', 's', 4, { retired_at: NOW - HOUR, retired_reason: 'outdated' }),
        rec('replaced', 'user', 'x', 5, { superseded_by_id: 'other' }),
        rec('draft', 'user', 'd', 6, { lifecycle_status: 'Active' }),
      ],
    ]);
    assert.deepEqual(ids, ['active', 'contra']);
    assert.equal(hidden.retired.rule, 'status');
    assert.match(hidden.stamped.reason, /retired .*\(outdated\)/);
    assert.match(hidden.replaced.reason, /superseded by other/);
    assert.equal(hidden.draft.rule, 'status', 'status comparison is case-sensitive');
  });

  it('shows every lifecycle state with include_retired', async () => {
    const { ids } = await list(
      [[rec('retired', 'user', 'r', 1, { lifecycle_status: 'retired' }), rec('stamped', 'user', 's', 2, { retired_at: NOW })]],
      { includeRetired: true },
    );
    assert.deepEqual(ids, ['retired', 'stamped']);
  });

  describe('filters', () => {
    const records = () => [
      rec('a', 'user', 'a', 10, { bot_id: 'bot1', session_id: 's1', tenant: 'acme', source: 'web', metadata: parseSerdeValue('{"tags":["x","y"],"topic":"billing","score":1}') }),
      rec('b', 'assistant', 'b', 20, { bot_id: 'bot2', session_id: 's2', metadata: parseSerdeValue('{"tenant":"acme","source":"api","topic":"weather report","score":1.0}') }),
      rec('c', 'tool', 'c', 30, { session_id: null, tenant: 'globex', content_type: 'application/json', metadata: { topic: null } }),
      rec('d', 'user', 'd', 40, { metadata: ['not', 'an', 'object'] }),
    ];
    const cases: [string, string, string[]][] = [
      ['bot_id', '{"bot_id":"bot1"}', ['a']],
      ['session_id (no fallback)', '{"session_id":"s2"}', ['b']],
      ['role', '{"role":"user"}', ['a', 'd']],
      ['content_type', '{"content_type":"application/json"}', ['c']],
      ['null means no filter', '{"role":null,"bot_id":null}', ['a', 'b', 'c', 'd']],
      ['tenant, column then metadata fallback', '{"tenant":"acme"}', ['a', 'b']],
      ['tenant column wins over metadata', '{"tenant":"globex"}', ['c']],
      ['source with metadata fallback', '{"source":"api"}', ['b']],
      ['created_at gte/lte inclusive', '{"created_at":{"gte":"2023-11-14T22:13:40Z","lte":"2023-11-14T22:13:50Z"}}', ['b', 'c']],
      ['created_at start/end aliases', '{"created_at":{"start":"2023-11-14T22:13:40Z","end":"2023-11-14T22:13:50Z"}}', ['b', 'c']],
      ['created_at after/before (inclusive)', '{"created_at":{"after":"2023-11-14T22:13:50Z","before":"2023-11-14T22:14:00Z"}}', ['c', 'd']],
      ['created_at_start / created_at_end', '{"created_at_start":"2023-11-14T22:13:40Z","created_at_end":"2023-11-14T22:13:40Z"}', ['b']],
      ['created_after / created_before', '{"created_after":"2023-11-14T23:13:40+01:00","created_before":"2023-11-14T22:13:45Z"}', ['b']],
      ['created_at_gte / created_at_lte', '{"created_at_gte":"2023-11-14T22:13:50.000001Z","created_at_lte":"2023-11-14T22:14:00Z"}', ['d']],
      ['metadata equality', '{"topic":"billing"}', ['a']],
      ['metadata equality with null needs an explicit null', '{"topic":null}', ['c']],
      ['metadata contains (array)', '{"tags":{"contains":"y"}}', ['a']],
      ['metadata contains (substring)', '{"topic":{"contains":"report"}}', ['b']],
      ['integer 1 is not float 1.0 (serde_json equality)', '{"score":1}', ['a']],
      ['float 1.0 is not integer 1', '{"score":1.0}', ['b']],
      ['an object value that is not {contains} is an equality', '{"tags":{"contains":"y","x":1}}', []],
      ['metadata that is not an object never matches', '{"0":"not"}', []],
    ];
    for (const [name, filter, expected] of cases) {
      it(`filters by ${name}`, async () => {
        assert.deepEqual((await list([records()], { filter })).ids, expected);
      });
    }

    it('reports which filter dropped a record', async () => {
      const { hidden } = await list([records()], { filter: '{"role":"user"}' });
      assert.equal(hidden.b.rule, 'filter');
      assert.match(hidden.b.reason, /role is not 'user'/);
    });

    const invalid: [string, RegExp][] = [
      ['[1,2]', /filters must be a JSON object/],
      ['{"role":5}', /filter 'role' must be a string or null/],
      ['{"created_at":"2024-01-01T00:00:00Z"}', /filter 'created_at' must be an object/],
      ['{"created_at":{"since":"2024-01-01T00:00:00Z"}}', /unsupported created_at filter operator 'since'/],
      ['{"created_at":{"gte":5}}', /filter 'created_at.gte' must be an ISO-8601 timestamp string/],
      ['{"created_after":"yesterday"}', /filter 'created_after': 'yesterday' is not an RFC 3339 timestamp/],
      ['{"created_before":"2024-01-01"}', /is not an RFC 3339 timestamp/],
      ['{role:"user"}', /not valid JSON/],
    ];
    for (const [filter, message] of invalid) {
      it(`rejects ${filter} with an error naming the key`, () => {
        assert.throws(
          () => parseRecordFilters(filter),
          (error: unknown) => CuratorError.is(error, 'usage') && error.details.option === 'filter' && message.test(error.message),
        );
      });
    }
  });

  it('lists again in a recounting session once a record expires between two plans, and only then', async () => {
    const soon = Date.now() * 1000 + 1_500_000;
    const store = await addRecords(tmp(), [
      rec('stays', 'user', 'a', 1),
      rec('soon', 'user', 'b', 2, { expires_at: soon }),
      rec('later', 'user', 'c', 3, { expires_at: soon + 10 * HOUR }),
      rec('gone', 'user', 'd', 4, { expires_at: NOW }),
    ]);
    const session = await CurationSession.open(store, { cachePayloads: true });
    const first = await planExport(session, {});
    assert.equal(first.output.counts.input_records, 3);
    // Nothing expired since: the same listing, hidden records and all.
    const again = await planExport(session, { minReward: 0.5 });
    assert.equal(again.output.counts.input_records, 3);
    assert.equal(again.excluded.listing, first.excluded.listing);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (soon - Date.now() * 1000) / 1000) + 50));
    const after = await planExport(session, {});
    assert.equal(after.output.counts.input_records, 2);
    assert.deepEqual(after.excluded.listing.list().map((h) => h.id).sort(), ['gone', 'soon']);
    await session.close();
  });

  it('skips records with unreadable metadata, or fails in strict mode naming the record', async () => {
    const store = await addRecords(tmp(), [rec('ok', 'user', 'fine', 1), rec('bad', 'user', 'broken', 2)]);
    await appendWithRawMetadata(store, rec('bad', 'user', 'broken', 3), '{"reward": 0.5,');
    const session = await CurationSession.open(store);
    const plan = await planExport(session, {});
    assert.equal(plan.output.counts.input_records, 1);
    assert.equal(plan.excluded.listing.list()[0].rule, 'invalid_metadata');
    assert.match(plan.warnings[0], /skipped 1 record whose metadata is not valid JSON \(first: record bad/);
    await assert.rejects(planExport(session, { strict: true }), /record bad: metadata is not valid JSON/);
    await session.close();
  });
});
