import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ContextStore, CurationSession, importRecords } from '../../src/core';
import { MemoryBudget } from '../../src/core/spill/memoryBudget';
import { loadTexts } from '../../src/core/store/payloadColumns';
import { loadRowTable } from '../../src/core/store/rowTable';
import { loadTextsBesideScan } from '../../src/core/store/textsBesideScan';
import { exportStore, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('texts read beside the scan', () => {
  const tmp = useTempDir();

  const records = Array.from({ length: 5000 }, (_, i) =>
    rec(`r${i}`, i % 2 ? 'assistant' : 'user', i % 97 === 0 ? null : `text ${i} ${'word '.repeat(i % 13)}\u3000ünï ${i % 5 ? '' : '"quoted"'}`, i, {
      session_id: `s${i % 37}`,
      metadata: { kept: true },
      ...(i % 3 === 0 ? { tokens_used: i } : {}),
    }),
  );

  for (const budget of [undefined, 1]) {
    it(`gives every row the text and word count a load of all rows gives${budget ? ', spilled' : ''}`, async () => {
      const store = path.join(tmp(), 'ctx.lance');
      await importRecords(store, records, { dim: 4 });
      const opened = await ContextStore.open(store);
      const spill = budget ? { budget: new MemoryBudget({ memoryBudget: budget, tempDir: tmp() }) } : {};
      try {
        const tablePromise = loadRowTable(opened, spill);
        const beside = await loadTextsBesideScan(opened, tablePromise, spill);
        const table = await tablePromise;
        assert.ok(beside, 'the scan matched the table: the texts are used');
        if (spill.budget) assert.ok(spill.budget.spilled > 100_000, 'the texts went to the spill folder');
        const all = Int32Array.from({ length: table.length }, (_, row) => row);
        const loaded = await loadTexts(opened, table, all, spill);
        for (let row = 0; row < table.length; row++) {
          assert.equal(beside.text(row), loaded.text(row), `row ${row}`);
          assert.equal(beside.wordCount(row), loaded.wordCount(row), `row ${row} words`);
        }
      } finally {
        spill.budget?.close();
        await opened.close();
      }
    });
  }

  it('gives nothing when the scan is not the table it is matched to, and the caller reads texts the usual way', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    await importRecords(store, records.slice(0, 100), { dim: 4 });
    const first = await ContextStore.open(store);
    const table = await loadRowTable(first);
    await importRecords(store, records.slice(100, 200), { dim: 4 });
    const later = await ContextStore.open(store);
    try {
      assert.equal(await loadTextsBesideScan(later, Promise.resolve(table)), undefined);
    } finally {
      await first.close();
      await later.close();
    }
  });

  it('an export reads its texts beside the scan and writes what an export reading them after it writes', async () => {
    await importRecords(path.join(tmp(), 'ctx.lance'), records, { dim: 4 });
    const besides = await exportStore(tmp(), { task: 'sft', stats: true }, 'beside.jsonl');
    // A record filter makes the export read only the texts it writes, after the scan.
    const after = await exportStore(tmp(), { task: 'sft', stats: true, filter: '{"kept":true}' }, 'after.jsonl');
    const fs = await import('node:fs');
    assert.equal(after.result.manifest.counts.examples, besides.result.manifest.counts.examples);
    assert.ok(besides.result.manifest.counts.examples > 30);
    assert.equal(fs.readFileSync(besides.out, 'utf8'), fs.readFileSync(after.out, 'utf8'));
    assert.deepEqual(JSON.parse(fs.readFileSync(`${besides.out}.stats.json`, 'utf8')).tokens, JSON.parse(fs.readFileSync(`${after.out}.stats.json`, 'utf8')).tokens);
  });

  it('is not started for a preview session, which keeps its texts its own way', async () => {
    await importRecords(path.join(tmp(), 'ctx.lance'), records.slice(0, 10), { dim: 4 });
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'), { cachePayloads: true });
    try {
      const state = await session.version(undefined);
      state.readTextsBesideScan();
      assert.equal((state as unknown as { textsBeside?: unknown }).textsBeside, undefined);
    } finally {
      await session.close();
    }
  });
});
