import { strict as assert } from 'node:assert';
import { CurationSession, ExampleIndex, planExport } from '../../src/core';
import { buildManyExamplesStore, manyExamplesRewards } from '../helpers/manyExamplesStore';
import { makeTempDir } from '../helpers/tempDir';

describe('example index (every example of a plan, listed, searched and sorted)', function () {
  this.timeout(60_000);
  const SESSIONS = 300;
  let tmp: { dir: string; cleanup(): void };
  let session: CurationSession;
  let index: ExampleIndex;
  before(async () => {
    tmp = makeTempDir();
    session = await CurationSession.open(await buildManyExamplesStore(tmp.dir, SESSIONS));
    index = (await planExport(session, { task: 'preference', form: 'paired', groupBy: 'session_id' }, { limit: 5, index: true })).index!;
  });
  after(async () => {
    await session.close();
    tmp.cleanup();
  });

  it('holds every example, not only the sample, in output order with the lines the plan shows', async () => {
    assert.equal(index.total('all'), SESSIONS);
    const plan = await planExport(session, { task: 'preference', form: 'paired', groupBy: 'session_id' }, { limit: 5 });
    const { matched, examples } = index.window({ side: 'all' }, 0, 5);
    assert.equal(matched, SESSIONS);
    assert.deepEqual(examples.map((e) => e.line), plan.output.examples.map((e) => e.line));
    const last = index.window({ side: 'all' }, SESSIONS - 1, SESSIONS + 10).examples;
    assert.deepEqual(last.map((e) => [e.ordinal, e.group]), [[SESSIONS - 1, `s${String(SESSIONS - 1).padStart(5, '0')}`]]);
  });

  it('sorts by reward margin (chosen − rejected), highest first, ties in output order', () => {
    const { examples } = index.window({ side: 'all', sort: 'margin', descending: true }, 0, SESSIONS);
    const margins = examples.map((e) => e.margin!);
    const expected = Array.from({ length: SESSIONS }, (_, i) => manyExamplesRewards(i).chosen - manyExamplesRewards(i).rejected).sort((a, b) => b - a);
    margins.forEach((m, i) => assert.ok(Math.abs(m - expected[i]) < 1e-9, `margin ${i}: ${m} vs ${expected[i]}`));
    for (let i = 1; i < examples.length; i++) if (margins[i] === margins[i - 1]) assert.ok(examples[i].ordinal > examples[i - 1].ordinal);
  });

  it('sorts by reward, token length and group size', () => {
    const byReward = index.window({ side: 'all', sort: 'reward' }, 0, SESSIONS).examples.map((e) => e.reward!);
    assert.deepEqual(byReward, [...byReward].sort((a, b) => a - b));
    const byLength = index.window({ side: 'all', sort: 'tokens', descending: true }, 0, SESSIONS).examples.map((e) => e.length);
    assert.deepEqual(byLength, [...byLength].sort((a, b) => b - a));
    const bySize = index.window({ side: 'all', sort: 'groupSize', descending: true }, 0, SESSIONS).examples;
    assert.equal(bySize.filter((e) => e.groupSize === 4).length, SESSIONS / 5);
    assert.ok(bySize.slice(0, SESSIONS / 5).every((e) => e.groupSize === 4));
  });

  it('searches the messages, case ignored', () => {
    const { matched, examples } = index.window({ side: 'all', search: 'TOPIC 12?' }, 0, 100);
    assert.equal(matched, Array.from({ length: SESSIONS }, (_, i) => i).filter((i) => i % 13 === 12).length);
    assert.ok(examples.every((e) => JSON.parse(e.line).prompt.some((m: { content: string }) => m.content.includes('topic 12?'))));
  });

  it('finds a group by its key before its text, and says which matched', () => {
    assert.deepEqual(index.findGroup({ side: 'all' }, 's00042'), { matched: 'key', key: 's00042', position: 42 });
    assert.deepEqual(index.findGroup({ side: 'all' }, 's0004'), { matched: 'key-prefix', key: 's00040', position: 40 });
    assert.deepEqual(index.findGroup({ side: 'all' }, '0299'), { matched: 'key-contains', key: 's00299', position: 299 });
    // "Answer 17:" is in session 17's text only; no key contains it.
    assert.deepEqual(index.findGroup({ side: 'all' }, 'answer 17:'), { matched: 'text', key: 's00017', position: 17 });
    assert.equal(index.findGroup({ side: 'all' }, 'no such thing'), undefined);
  });

  it('lists groups whose key matches, and groups whose text matches only when no key does', () => {
    assert.deepEqual(index.searchGroups('all', 's0029').map((m) => m.key), Array.from({ length: 10 }, (_, i) => `s0029${i}`));
    assert.ok(index.searchGroups('all', 's0029').every((m) => m.matched === 'key-prefix'));
    assert.deepEqual(index.searchGroups('all', 'other answer 5.'), [{ matched: 'text', key: 's00005' }]);
  });
});
