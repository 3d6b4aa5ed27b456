import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextStore, listRecords } from '../../src/core';
import { extractSignals } from '../../src/core/listing/recordSignals';
import { MemoryBudget } from '../../src/core/spill/memoryBudget';
import { loadRowTable } from '../../src/core/store/rowTable';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

const NOW = (1_700_000_000 + 1000) * 1_000_000;
const LONG = 'long-'.repeat(30);

/**
 * Versions writing the same ids again: `a` three times (last in the third
 * version), `é` and the long id twice, `\u{1F600}` once superseding `b`.
 */
const VERSIONS = [
  [rec('a', 'user', 'a1', 1), rec('b', 'user', 'b1', 2), rec('é', 'user', 'e1', 3), rec(LONG, 'user', 'l1', 4)],
  [rec('a', 'user', 'a2', 5), rec('é', 'assistant', 'e2', 6), rec('c', 'user', 'c1', 7)],
  [rec(LONG, 'user', 'l2', 8), rec('a', 'assistant', 'a3', 9), rec('\u{1F600}', 'user', 'smile', 10, { supersedes_id: 'b' })],
];

describe('listing a store that writes the same ids several times', () => {
  const tmp = useTempDir();

  for (const budgeted of [false, true]) {
    it(`keeps each id's last written row${budgeted ? ', with every id byte spilled under a 1-byte budget' : ''}`, async () => {
      for (const batch of VERSIONS) await addRecords(tmp(), batch);
      const store = await ContextStore.open(path.join(tmp(), 'ctx.lance'));
      const budget = budgeted ? new MemoryBudget({ memoryBudget: 1, tempDir: tmp() }) : undefined;
      try {
        const table = await loadRowTable(store, { budget });
        assert.equal(table.length, 10);
        if (budget) assert.ok(fs.readdirSync(budget.spillPath!).some((name) => name.startsWith('ids-')), 'no id spilled');
        const listing = listRecords(table, extractSignals(table), { referenceTime: NOW });
        const shown = Array.from(listing.rows, (row) => [table.id.at(row), table.role.at(row), table.createdAt[row]]);
        // Scan order: a record sits where its last written row is.
        assert.deepEqual(
          shown.map(([id, role]) => [id, role]),
          [
            ['é', 'assistant'],
            ['c', 'user'],
            [LONG, 'user'],
            ['a', 'assistant'],
            ['\u{1F600}', 'user'],
          ],
        );
        assert.deepEqual(listing.hidden.list().map((h) => [h.id, h.rule, h.reason]), [['b', 'superseded', 'superseded by \u{1F600} (its supersedes_id)']]);
        const ordered = listRecords(table, extractSignals(table), { referenceTime: NOW, order: 'created_at' });
        assert.deepEqual(Array.from(ordered.rows, (row) => table.id.at(row)), ['é', 'c', LONG, 'a', '\u{1F600}']);
      } finally {
        store.close();
        budget?.close();
      }
    });
  }
});
