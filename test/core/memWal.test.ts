import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildContextSchema, buildDemoStore, ContextStore, CurationSession, exportTraining, lookupRecord, CuratorError, describeSchema, describeWalStatus, readWalStatus, TOMBSTONE_CONTENT_TYPE } from '../../src/core';
import { baseStore, rawLsmRows, referenceListing, walPut } from '../helpers/memWalStore';
import { exportStore, rec } from '../helpers/records';
import { readJson, readLines, useTempDir } from '../helpers/tempDir';

/** The texts of an SFT export grouped by record (groupBy none: one line per record... or per session). */
function exportedTexts(file: string): string[] {
  return readLines(file).flatMap((line) => (line.messages as { content: string }[]).map((m) => m.content));
}

describe('stores written through the MemWAL', () => {
  const tmp = useTempDir();

  async function expectMatchesReference(store: string, options = {}) {
    const reference = referenceListing(await rawLsmRows(store));
    const { out, result } = await exportStore(path.dirname(store), { groupBy: 'none', ...options });
    assert.deepEqual(result.manifest.source_record_ids, reference.map((row) => row.id));
    assert.deepEqual(exportedTexts(out), reference.map((row) => row.text_payload));
    return { out, result, reference };
  }

  it('lists every record of a store whose records are all in the write-ahead log', async () => {
    const store = await baseStore(tmp(), []);
    await walPut(store, [rec('u1', 'user', 'hello', 1), rec('a1', 'assistant', 'hi there', 2), rec('u2', 'user', 'bye', 3)]);
    const { result } = await expectMatchesReference(store);
    assert.equal(result.manifest.counts.input_records, 3);
    assert.deepEqual(readJson(`${path.join(tmp(), 'out.jsonl')}.manifest.json`).wal, { included: true, records: 3 });
  });

  it('reads base rows and generation rows together, and the generation row of an id wins', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'old question', 1), rec('a1', 'assistant', 'old answer', 2), rec('u2', 'user', 'kept', 3)]]);
    await walPut(store, [rec('a1', 'assistant', 'edited answer', 2), rec('u3', 'user', 'new', 4)]);
    const { out } = await expectMatchesReference(store);
    const texts = exportedTexts(out);
    assert.ok(texts.includes('edited answer'));
    assert.ok(!texts.includes('old answer'));
  });

  it('hides a base record deleted by a tombstone written through the write-ahead log', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'keep me', 1), rec('u2', 'user', 'delete me', 2)]]);
    await walPut(store, [rec('u2', 'user', null, 5, { content_type: TOMBSTONE_CONTENT_TYPE })]);
    const { result } = await expectMatchesReference(store);
    assert.deepEqual(result.manifest.source_record_ids, ['u1']);
  });

  it('takes the newest generation when an id was rewritten in several generations', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'v0', 1)]]);
    await walPut(store, [rec('u1', 'user', 'v1', 1)]);
    await walPut(store, [rec('u1', 'user', 'v2', 1)]);
    const { out } = await expectMatchesReference(store);
    assert.deepEqual(exportedTexts(out), ['v2']);
  });

  it('reads generations of several shards and says how many records the log adds', async () => {
    const store = await baseStore(tmp(), [[rec('b0', 'user', 'base', 0)]]);
    const records = Array.from({ length: 12 }, (_, i) => rec(`w${i}`, 'user', `wal ${i}`, 10 + i));
    await walPut(store, records, 4);
    await expectMatchesReference(store);
    const opened = await ContextStore.open(store);
    try {
      const status = await readWalStatus(opened);
      assert.equal(status.walRecords, 12);
      assert.ok((status.shards ?? []).length > 1, `expected several shards, got ${JSON.stringify(status.shards)}`);
      assert.match(describeWalStatus(status), new RegExp(`^v${opened.version} \\+ 12 records in the write-ahead log \\(`));
    } finally {
      opened.close();
    }
  });

  it('orders records with one created_at by id bytes, the same on every read', async () => {
    const store = await baseStore(tmp(), []);
    await walPut(store, ['r-10', 'r-2', 'r-1', 'R-3', 'r-é'].map((id) => rec(id, 'user', `text ${id}`, 7)));
    const first = await exportStore(tmp(), { groupBy: 'none' }, 'one.jsonl');
    const second = await exportStore(tmp(), { groupBy: 'none' }, 'two.jsonl');
    assert.deepEqual(first.result.manifest.source_record_ids, ['R-3', 'r-1', 'r-10', 'r-2', 'r-é']);
    assert.equal(fs.readFileSync(first.out, 'utf8'), fs.readFileSync(second.out, 'utf8'));
    assert.equal(readJson(`${first.out}.manifest.json`).order, 'created_at');
  });

  it('keeps the last written base row of an id that the base holds several times', async () => {
    const store = await baseStore(tmp(), [[rec('d1', 'user', 'first write', 1)], [rec('d1', 'user', 'second write', 1)]]);
    await walPut(store, [rec('w1', 'user', 'from the log', 2)]);
    const { out } = await expectMatchesReference(store);
    assert.deepEqual(exportedTexts(out), ['second write', 'from the log']);
  });

  it('reads the base table at a pinned version and says write-ahead-log rows were not included', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'v1 text', 1)]]);
    await walPut(store, [rec('u2', 'user', 'in the log', 2)]);
    const { out, result } = await exportStore(tmp(), { groupBy: 'none', version: 1 });
    assert.deepEqual(exportedTexts(out), ['v1 text']);
    assert.deepEqual(readJson(`${out}.manifest.json`).wal, {
      included: false,
      note: 'write-ahead-log rows are not versioned and were not included (a pinned version reads the base table)',
    });
    assert.ok(result.warnings.some((w) => /not versioned and were not included/.test(w)));
  });

  it('looks up a record whose newest row is in the write-ahead log', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'base text', 1), rec('u2', 'user', 'other', 2)]]);
    await walPut(store, [rec('u1', 'user', 'log text', 1)]);
    const session = await CurationSession.open(store);
    try {
      assert.equal((await lookupRecord(session, 'u1'))?.text_payload, 'log text');
      assert.equal((await lookupRecord(session, 'u2'))?.text_payload, 'other');
    } finally {
      await session.close();
    }
  });

  it('warns that --order scan is not stable when generations hold rows', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'a', 1)]]);
    await walPut(store, [rec('u2', 'user', 'b', 2)]);
    const { out, result } = await exportStore(tmp(), { order: 'scan' });
    assert.ok(result.warnings.some((w) => /^scan order on .* not stable/.test(w)), result.warnings.join('\n'));
    assert.equal(readJson(`${out}.manifest.json`).order, undefined);
  });

  it('reads a blob text_payload (lance-context:blob=true) as UTF-8 text, from base and log', async () => {
    const store = await baseStore(tmp(), [[rec('u1', 'user', 'blob in base ✓', 1)]], { textPayloadAsBinary: true });
    await walPut(store, [rec('u2', 'user', 'blob in the log ✓', 2)]);
    const { out } = await expectMatchesReference(store);
    assert.deepEqual(exportedTexts(out), ['blob in base ✓', 'blob in the log ✓']);
  });

  it('treats a text_payload marked with the older lance-encoding:blob as text to decode', () => {
    // lancedb 0.39 refuses to write legacy blob fields (file version >= 2.2), so this checks the schema reading only.
    const schema = buildContextSchema({ embeddingDim: 4, textPayloadAsBinary: true, blobKey: 'lance-encoding:blob' });
    assert.equal(describeSchema(schema, 'old.lance').textPayloadIsBinary, true);
  });

  it('lists the demo store, whose last batches sit in the write-ahead log, as if every batch were in the base', async () => {
    const viaWal = await buildDemoStore(path.join(tmp(), 'wal'));
    const viaBase = await buildDemoStore(path.join(tmp(), 'base'), { throughWal: false });
    const opened = await ContextStore.open(viaWal.store);
    const status = await readWalStatus(opened);
    opened.close();
    assert.ok(status.walRecords > 0, 'the demo has records in the write-ahead log');
    for (const options of [{ task: 'sft' }, { task: 'preference', form: 'ranked' }, { task: 'rollout' }] as const) {
      const [a, b] = await Promise.all(
        [viaWal, viaBase].map(async (demo) => {
          const session = await CurationSession.open(demo.store);
          try {
            const out = path.join(path.dirname(demo.store), `${options.task}.jsonl`);
            const { manifest } = await exportTraining(session, options, out);
            const lines = readLines(out).map(({ provenance: _p, ...rest }) => rest);
            return { ids: manifest.source_record_ids, counts: manifest.counts, lines };
          } finally {
            await session.close();
          }
        }),
      );
      assert.deepEqual(a, b, options.task);
    }
  });

  describe('an unreadable generation fails the export, naming the store, and writes nothing', () => {
    async function damagedStore(damage: (generation: string) => void): Promise<string> {
      const store = await baseStore(tmp(), [[rec('u1', 'user', 'base', 1)]]);
      await walPut(store, [rec('u2', 'user', 'log', 2)], 1);
      const walDir = path.join(store, '_mem_wal');
      const shard = fs.readdirSync(walDir)[0];
      const generation = fs.readdirSync(path.join(walDir, shard)).find((name) => /_gen_\d+$/.test(name))!;
      damage(path.join(walDir, shard, generation));
      return store;
    }

    async function expectFailure(store: string, generation?: RegExp) {
      const out = path.join(tmp(), 'out.jsonl');
      await assert.rejects(exportStore(tmp(), {}), (error: unknown) => {
        assert.ok(CuratorError.is(error, 'store'), String(error));
        assert.ok(error.message.includes(store), error.message);
        if (generation) assert.match(error.message, generation);
        assert.doesNotMatch(error.message, /\.rs:\d+/);
        return true;
      });
      assert.deepEqual(fs.readdirSync(tmp()).filter((name) => name.startsWith('out')), []);
      assert.ok(!fs.existsSync(out));
    }

    it('a truncated data file, naming the generation, its shard and the file', async () => {
      let damaged = '';
      const store = await damagedStore((generation) => {
        const data = path.join(generation, 'data');
        for (const file of fs.readdirSync(data)) fs.truncateSync(path.join(data, file), 10);
        damaged = path.relative(path.resolve(generation, '../../..'), path.join(data, fs.readdirSync(data)[0]));
      });
      await expectFailure(store, /write-ahead-log generation _mem_wal\/[0-9a-f-]{36}\/[0-9a-f]+_gen_1: data\/\w+\.lance is truncated or damaged: 10 bytes, no Lance footer\)/);
      await assert.rejects(exportStore(tmp(), {}), (error: unknown) => CuratorError.is(error) && error.details.file === path.join(store, damaged));
    });

    it('a missing manifest', async () => {
      const store = await damagedStore((generation) => fs.rmSync(path.join(generation, '_versions'), { recursive: true }));
      await expectFailure(store, /write-ahead-log generation _mem_wal\/[0-9a-f-]{36}\/[0-9a-f]+_gen_1/);
    });

    it('a generation the index names but that is gone', async () => {
      const store = await damagedStore((generation) => fs.rmSync(generation, { recursive: true }));
      await expectFailure(store, /write-ahead-log generation _mem_wal\/[0-9a-f-]{36}\/[0-9a-f]+_gen_1/);
    });
  });
});
