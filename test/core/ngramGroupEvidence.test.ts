import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationSession, planExport } from '../../src/core';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('n-gram decontamination evidence in group mode', () => {
  const dir = useTempDir();
  const answer = 'the function is named add and it takes two numbers then returns their sum to the caller';

  async function exclusionsOf(records: Parameters<typeof addRecords>[1]) {
    const store = await addRecords(dir(), records);
    const bench = path.join(dir(), 'bench.jsonl');
    fs.writeFileSync(bench, `${JSON.stringify({ text: `Q: ${answer}` })}\n`);
    const session = await CurationSession.open(store);
    try {
      const plan = await planExport(session, { task: 'sft', groupBy: 'session_id', dedupUnit: 'group', benchmark: [bench] }, { limit: 1 });
      return plan.excluded.ngram_decontaminate!.list().map((e) => ({ id: e.id, reason: e.reason }));
    } finally {
      await session.close();
    }
  }

  it('gives the n-gram to the record holding it, once per group, and names that record for the others', async () => {
    const excluded = await exclusionsOf([
      rec('r0018', 'user', 'What is the function called, and what does it do?', 1, { session_id: 'g1' }),
      rec('r0019', 'assistant', `Sure: ${answer}.`, 2, { session_id: 'g1' }),
      rec('r0020', 'user', 'Thanks, that helps.', 3, { session_id: 'g1' }),
      rec('r0030', 'user', 'An unrelated question about gardening in spring time', 4, { session_id: 'g2' }),
    ]);
    assert.deepEqual(excluded.map((e) => e.id).sort(), ['r0018', 'r0019', 'r0020']);
    const withNgram = excluded.filter((e) => /shares "/.test(e.reason));
    assert.deepEqual(withNgram.map((e) => e.id), ['r0019'], 'the n-gram is quoted once, on the record that holds it');
    assert.match(withNgram[0].reason, /^shares "the function is named add .*" with .*bench\.jsonl line 1$/);
    for (const other of excluded.filter((e) => e.id !== 'r0019')) assert.match(other.reason, /^in group g1, whose record r0019 shares an n-gram with .*bench\.jsonl line 1$/);
  });

  it('says when the n-gram runs across two records of the group', async () => {
    const words = answer.split(' ');
    const excluded = await exclusionsOf([
      rec('a', 'user', words.slice(0, 8).join(' '), 1, { session_id: 'g1' }),
      rec('b', 'assistant', words.slice(8).join(' '), 2, { session_id: 'g1' }),
    ]);
    assert.match(excluded.find((e) => e.id === 'a')!.reason, /^group g1's joined text shares ".*" with .*bench\.jsonl line 1 \(across its records\)$/);
    assert.match(excluded.find((e) => e.id === 'b')!.reason, /^in group g1, whose joined text shares an n-gram/);
  });
});
