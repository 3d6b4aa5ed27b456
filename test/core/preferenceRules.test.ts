import { strict as assert } from 'node:assert';
import { parseSerdeValue } from '../../src/core';
import { addRecords, exportStore, rec } from '../helpers/records';
import { readLines, useTempDir } from '../helpers/tempDir';

// The tie and edge rules of export.rs's preference and rollout writers.
describe('preference and rollout rules', () => {
  const tmp = useTempDir();
  const run = async (records: ReturnType<typeof rec>[], options: object) => {
    await addRecords(tmp(), records);
    const { out, result } = await exportStore(tmp(), options);
    return { lines: readLines(out), counts: result.manifest.counts };
  };

  it('paired: keeps the first candidate among equal best scores', async () => {
    const { lines } = await run(
      [rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 1 } }), rec('b', 'assistant', 'B', 3, { metadata: { reward: 1 } }), rec('c', 'assistant', 'C', 4, { metadata: { reward: 0 } })],
      { task: 'preference' },
    );
    assert.equal(lines[0].chosen[0].content, 'A');
    assert.equal(lines[0].rejected[0].content, 'C');
  });

  it('paired: skips a group whose candidates all score the same', async () => {
    const { lines, counts } = await run([rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2), rec('b', 'assistant', 'B', 3)], { task: 'preference' });
    assert.equal(lines.length, 0);
    assert.equal(counts.examples, 0);
  });

  it('paired: skips a group with a single candidate', async () => {
    const { lines } = await run([rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 1 } })], { task: 'preference' });
    assert.equal(lines.length, 0);
  });

  it('paired: an explicit label beats any reward', async () => {
    const { lines } = await run(
      [rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 0.99 } }), rec('b', 'assistant', 'B', 3, { metadata: { reward: 0.1, label: 'chosen' } })],
      { task: 'preference' },
    );
    assert.equal(lines[0].chosen[0].content, 'B');
    assert.equal(lines[0].rejected[0].content, 'A');
  });

  it('keeps tool turns after a candidate in the prompt, matching assistant roles case-insensitively', async () => {
    const { lines } = await run(
      [rec('p', 'user', 'q', 1), rec('a', 'Assistant', 'call', 2, { metadata: { reward: 0 } }), rec('t', 'tool', 'result', 3), rec('b', 'assistant', 'final', 4, { metadata: { reward: 1 } })],
      { task: 'preference' },
    );
    assert.deepEqual(lines[0].prompt.map((m: any) => m.content), ['q', 'result']);
    assert.equal(lines[0].rejected[0].role, 'Assistant', 'emitted roles keep their case');
  });

  it('unpaired: labels unlabelled candidates by reward against min_reward, and skips them without one', async () => {
    const records = [rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 0.7 } }), rec('b', 'assistant', 'B', 3, { metadata: { reward: 0.6 } }), rec('c', 'assistant', 'C', 4)];
    const withThreshold = await run(records, { task: 'preference', form: 'unpaired', minReward: 0.65 });
    // B is below min_reward, so the reward filter drops it before labelling; C has no reward and no label.
    assert.deepEqual(withThreshold.lines.map((l) => [l.completion[0].content, l.label]), [['A', true]]);
  });

  it('unpaired: without min_reward only explicit labels count', async () => {
    const { lines } = await run([rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 0.9 } })], { task: 'preference', form: 'unpaired' });
    assert.equal(lines.length, 0);
  });

  it('ranked: orders unranked candidates by score, numbering them by position', async () => {
    const { lines } = await run(
      [rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: { reward: 0.2 } }), rec('b', 'assistant', 'B', 3, { metadata: { label: 'chosen' } }), rec('c', 'assistant', 'C', 4, { metadata: { reward: 0.5 } })],
      { task: 'preference', form: 'ranked' },
    );
    assert.deepEqual(lines[0].candidates.map((c: any) => [c.messages[0].content, c.rank]), [['B', 1], ['C', 2], ['A', 3]]);
    assert.equal(lines[0].candidates[1].reward, 0.5);
    assert.equal(lines[0].candidates[0].reward, undefined);
  });

  it('ranked: a rank written as 1.0 is not an integer rank (serde as_i64)', async () => {
    const { lines } = await run(
      [rec('p', 'user', 'q', 1), rec('a', 'assistant', 'A', 2, { metadata: parseSerdeValue('{"rank":1.0,"reward":0.1}') }), rec('b', 'assistant', 'B', 3, { metadata: { rank: 2, reward: 0.9 } })],
      { task: 'preference', form: 'ranked' },
    );
    // A has no integer rank, so the pair is ordered by score: B (0.9) first, numbered by its own rank 2.
    assert.deepEqual(lines[0].candidates.map((c: any) => [c.messages[0].content, c.rank]), [['B', 2], ['A', 2]]);
  });

  it('sft: the example reward is the best reward in the group', async () => {
    const { lines } = await run([rec('p', 'user', 'q', 1, { metadata: { reward: 0.1 } }), rec('a', 'assistant', 'A', 2, { metadata: { reward: 0.8 } })], {});
    assert.equal(lines[0].reward, 0.8);
  });

  it('rollout: skips groups without an assistant turn and takes the first group_id', async () => {
    await addRecords(tmp(), [
      rec('lonely', 'user', 'no answer', 1, { session_id: 'x' }),
      rec('p', 'user', 'q', 2),
      rec('a', 'assistant', 'A', 3),
      rec('b', 'assistant', 'B', 4, { metadata: { group_id: 'g7' } }),
    ]);
    const { out, result } = await exportStore(tmp(), { task: 'rollout' });
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].group_id, 'g7');
    assert.equal(result.manifest.source_record_ids.length, 4, 'the manifest lists every curated record, also of skipped groups');
  });

  it('a null text payload becomes an empty content string', async () => {
    const { lines } = await run([rec('p', 'user', null, 1)], {});
    assert.equal(lines[0].messages[0].content, '');
  });
});
