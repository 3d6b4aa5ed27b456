import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ContextRecord, CurationSession, ExportOptions, importRecords, makeRecord, planExport } from '../../src/core';
import { ExportPlan, PlanOptions } from '../../src/core/run/planExport';
import { ContextStore } from '../../src/core/store/contextStore';
import { loadRowTable } from '../../src/core/store/rowTable';
import { countWordsBesideScan, readTextsOf } from '../../src/core/store/textsOnDemand';
import { SessionOptions } from '../../src/core/run/curationSession';
import { buildManyExamplesStore } from '../helpers/manyExamplesStore';
import { addRecords, DIM, emb, rec } from '../helpers/records';
import { baseStore, walPut } from '../helpers/memWalStore';
import { useTempDir } from '../helpers/tempDir';

/** Records whose texts test the word counts: none, empty, Unicode spaces, a `tokens_used` beside a text. */
const oddRecords = (): ContextRecord[] => [
  rec('odd-1', 'user', null, 90_001, { session_id: 'odd' }),
  rec('odd-2', 'assistant', '', 90_002, { session_id: 'odd', metadata: { reward: 0.7 } }),
  rec('odd-3', 'user', 'a\u00a0b\u2003c\u3000d  e\tf', 90_003, { session_id: 'odd' }),
  rec('odd-4', 'assistant', 'ünïcödé wörds, ☃ and 𝄞 here', 90_004, { session_id: 'odd', metadata: { reward: 0.2 }, state_metadata: { step: 1, active_plan_id: null, tokens_used: 11, custom: null } }),
];

/** The plan as the preview shows it, with every example its index lists (texts read first when on demand), as JSON. */
async function comparable(plan: ExportPlan): Promise<unknown> {
  const { timings: _timings, index, excluded, ...rest } = plan;
  const sides = plan.eval ? (['train', 'eval'] as const) : (['all'] as const);
  const indexed = [];
  for (const side of sides) {
    if (!index) break;
    await index.readTexts({ side }, 0, index.total(side));
    indexed.push(index.window({ side }, 0, index.total(side)));
  }
  // Read now: manifests build their id lists when asked, from the session's columns.
  // Exclusions are made when read: compared as the records and per-rule counts they give.
  const excludedRecords = Object.fromEntries(Object.entries(excluded).map(([stage, exclusions]) => [stage, { rules: exclusions.rules, records: exclusions.list() }]));
  return JSON.parse(JSON.stringify({ ...rest, excluded: excludedRecords, manifestJson: rest.output.manifestJson, indexed }, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value)));
}

/** Plans `options` in a fresh one-shot session reading every text, and in a preview session reading texts on demand. */
async function bothWays(store: string, options: ExportOptions, session: SessionOptions = {}, planOptions: PlanOptions = {}): Promise<[unknown, unknown, ExportPlan]> {
  const every = await CurationSession.open(store);
  let expected: unknown;
  try {
    expected = await comparable(await planExport(every, options, { charts: true, index: true, ...planOptions }));
  } finally {
    await every.close();
  }
  const preview = await CurationSession.open(store, { cachePayloads: true, ...session });
  try {
    const plan = await planExport(preview, options, { charts: true, index: true, textsOnDemand: true, ...planOptions });
    return [await comparable(plan), expected, plan];
  } finally {
    await preview.close();
  }
}

describe('a preview plan reading texts on demand', function () {
  this.timeout(120_000);
  const tmp = useTempDir();

  const optionSets: [string, ExportOptions][] = [
    ['sft', {}],
    ['sft, scan order', { order: 'scan' }],
    ['preference, paired, split', { task: 'preference', form: 'paired', splitEval: 0.2 }],
    ['preference, unpaired', { task: 'preference', form: 'unpaired' }],
    ['rollout, split', { task: 'rollout', splitEval: 0.3 }],
    ['sft, one group per record, reward filter', { groupBy: 'none', minReward: 0.4 }],
    ['sft, exact text dedup (the stage loads every text)', { textDedup: 'exact' }],
  ];
  for (const [name, options] of optionSets) {
    it(`plans exactly what a plan reading every text plans (${name})`, async () => {
      const store = await buildManyExamplesStore(tmp(), 200);
      await addRecords(tmp(), oddRecords());
      const [got, expected] = await bothWays(store, options);
      assert.deepEqual(got, expected);
    });
  }

  it('plans the same with a leakage report, whose lines show the texts of the pairs it found', async () => {
    const records = Array.from({ length: 40 }, (_, i) => [
      rec(`q${i}`, 'user', `the same question ${i % 4}`, i * 10, { session_id: `s${i}`, embedding: emb(1, i % 4) }),
      rec(`a${i}`, 'assistant', `an answer number ${i}`, i * 10 + 1, { session_id: `s${i}`, embedding: emb(i % 4, 1), metadata: { reward: 0.5 } }),
    ]).flat();
    const store = await addRecords(tmp(), records);
    const [got, expected, plan] = await bothWays(store, { splitEval: 0.5, leakage: 'report', leakageThreshold: 0.01 });
    assert.ok((plan.leakageLines?.pairs.length ?? 0) > 0, 'the report found pairs');
    assert.deepEqual(got, expected);
  });

  it('plans the same under a memory budget that spills every byte column', async () => {
    const store = await buildManyExamplesStore(tmp(), 120);
    await addRecords(tmp(), oddRecords());
    const [got, expected] = await bothWays(store, { task: 'preference', form: 'paired' }, { spill: { memoryBudget: 1 } });
    assert.deepEqual(got, expected);
  });

  it('shows its first examples without reading the texts of the rest', async () => {
    const store = await buildManyExamplesStore(tmp(), 200);
    const session = await CurationSession.open(store, { cachePayloads: true });
    try {
      const plan = await planExport(session, {}, { limit: 3, index: true, textsOnDemand: true });
      assert.equal(plan.output.examples.length, 3);
      const index = plan.index!;
      // The last window's texts were not read: asking them is an error, not an empty text.
      assert.throws(() => index.window({ side: 'all' }, 190, 200), /was asked before it was read/);
      await index.readTexts({ side: 'all' }, 190, 200);
      assert.equal(index.window({ side: 'all' }, 190, 200).examples.length, 10);
    } finally {
      await session.close();
    }
  });

  it('searches, finds and lists groups by their messages as a plan reading every text does', async () => {
    const store = await buildManyExamplesStore(tmp(), 200);
    const fresh = await CurationSession.open(store);
    const preview = await CurationSession.open(store, { cachePayloads: true });
    try {
      const expected = (await planExport(fresh, {}, { index: true })).index!;
      const index = (await planExport(preview, {}, { index: true, textsOnDemand: true })).index!;
      const query = { side: 'all' as const, search: 'TOPIC 12?' };
      await index.readTexts(query, 0, 50);
      assert.deepEqual(index.window(query, 0, 50), expected.window(query, 0, 50));
      assert.ok(index.window(query, 0, 50).matched > 0);
      // A key needs no text; a message does.
      assert.deepEqual(index.findGroup({ side: 'all' }, 's00042', false), expected.findGroup({ side: 'all' }, 's00042'));
      assert.deepEqual(index.searchGroups('all', 'other answer 5.', false), []);
      await index.readAllTexts('all');
      assert.deepEqual(index.findGroup({ side: 'all' }, 'answer 17:'), expected.findGroup({ side: 'all' }, 'answer 17:'));
      assert.deepEqual(index.searchGroups('all', 'other answer 5.'), expected.searchGroups('all', 'other answer 5.'));
    } finally {
      await fresh.close();
      await preview.close();
    }
  });

  it('plans the same on a MemWAL store, read whole and pinned to a base version (texts taken by row address)', async () => {
    const dir = tmp();
    const conversation = (prefix: string, secs: number) => [
      rec(`${prefix}-q`, 'user', `question ${prefix}`, secs, { session_id: prefix }),
      rec(`${prefix}-a`, 'assistant', `answer ${prefix} in  several\u00a0words`, secs + 1, { session_id: prefix, metadata: { reward: 0.5 } }),
    ];
    const store = await baseStore(dir, [
      Array.from({ length: 30 }, (_, i) => conversation(`b${i}`, i * 10)).flat(),
      Array.from({ length: 30 }, (_, i) => conversation(`c${i}`, 1000 + i * 10)).flat(),
    ]);
    await walPut(store, Array.from({ length: 20 }, (_, i) => conversation(`w${i}`, 5000 + i * 10)).flat());
    const [whole, wholeExpected] = await bothWays(store, {});
    assert.deepEqual(whole, wholeExpected);
    const [pinned, pinnedExpected, plan] = await bothWays(store, { version: 2 }, {}, { limit: 40 });
    assert.deepEqual(pinned, pinnedExpected);
    // Both base fragments' rows are among the examples shown.
    const shown = new Set(plan.output.examples.map((example) => example.group[0]));
    assert.deepEqual([...shown].sort(), ['b', 'c']);
  });

  it('counts the words of every record without tokens_used as the loaded texts count them (base read beside the scan, MemWAL read)', async () => {
    const dir = tmp();
    const store = await baseStore(dir, [oddRecords(), [rec('late-1', 'user', 'one two  three', 99_000, { session_id: 'late' })]]);
    const check = async () => {
      const session = await CurationSession.open(store, { cachePayloads: true });
      try {
        const state = await session.version();
        // Started before the table is loaded, as a preview run starts it beside the scan.
        const counting = state.wordCounts();
        const table = await state.rowTable();
        const words = await counting;
        const all = Int32Array.from({ length: table.length }, (_, row) => row);
        const texts = await state.textsFor(all, all);
        let counted = 0;
        for (const row of all) {
          const used = table.tokensUsed.at(row);
          if (!Number.isNaN(used) && used >= 0) continue;
          assert.equal(words.get(row), texts.wordCount(row), `the words of ${table.id.at(row)}`);
          counted++;
        }
        assert.equal(counted, table.length - 1, 'every record but the one with tokens_used');
      } finally {
        await session.close();
      }
    };
    await check();
    await walPut(store, [rec('w-1', 'assistant', 'log\u2028ged  words here', 99_100, { session_id: 'late' })]);
    await check();
  });

  it('counts the words again after the table when the pass beside the scan read another order', async () => {
    const store = await baseStore(tmp(), [oddRecords(), [rec('late-1', 'user', 'one two  three', 99_000, { session_id: 'late' })]]);
    const opened = await ContextStore.open(store);
    try {
      const table = await loadRowTable(opened);
      const n = table.length;
      // The same rows, last first: each position of the pass is another row of this table.
      const last = (column: { at(row: number): number }) => ({ length: n, at: (row: number) => column.at(n - 1 - row) });
      const reversed = { ...table, rowAddr: last(table.rowAddr), tokensUsed: last(table.tokensUsed) };
      const expected = await countWordsBesideScan(opened, Promise.resolve(table));
      const words = await countWordsBesideScan(opened, Promise.resolve(reversed));
      for (let row = 0; row < n; row++) assert.equal(words.get(n - 1 - row), expected.get(row), `row ${row}`);
      const byId = Object.fromEntries(Array.from({ length: n }, (_, row) => [table.id.at(row), expected.get(row)]));
      assert.deepEqual(byId, { 'odd-1': 0, 'odd-2': 0, 'odd-3': 6, 'odd-4': undefined, 'late-1': 3 });
    } finally {
      opened.close();
    }
  });

  it('reads the texts a take does not answer for by a scan (stable row ids: an address is not a row id)', async () => {
    const dir = tmp();
    const store = path.join(dir, 'ctx.lance');
    const records = (prefix: string) => Array.from({ length: 4 }, (_, i) => makeRecord({ id: `${prefix}${i}`, run_id: 'r', created_at: (1_700_000_000 + i) * 1e6, role: 'user', text_payload: i === 3 ? null : `${prefix} text ${i}` }, { session_id: prefix }));
    const stable = { new_table_enable_stable_row_ids: 'true' };
    await importRecords(store, records('a'), { dim: DIM, storageOptions: stable });
    await importRecords(store, records('b'), { dim: DIM, storageOptions: stable });
    const opened = await ContextStore.open(store);
    try {
      const table = await loadRowTable(opened);
      const rows = Int32Array.from({ length: table.length }, (_, row) => row);
      const texts = await readTextsOf(opened, table, rows);
      for (const row of rows) {
        const id = table.id.at(row);
        assert.equal(texts.get(row)?.toString() ?? null, id.endsWith('3') ? null : `${id[0]} text ${id[1]}`, `the text of ${id}`);
      }
    } finally {
      opened.close();
    }
  });
});
