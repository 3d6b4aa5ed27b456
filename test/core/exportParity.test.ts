import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContextStore, CurationSession, EXPORT_SCHEMA_VERSION, exportTraining, splitPaths } from '../../src/core';
import { addRecords, emb, exportStore as exportAnyOrder, rec } from '../helpers/records';
import { outputFilesOf } from '../helpers/outputFiles';
import { readJson, readLines, useTempDir } from '../helpers/tempDir';

// Every test of lance-context's export.rs, ported: same records, same options, same assertions.
// export.rs takes records in scan order, so parity holds for `order: 'scan'` (the default is created_at).
// Each export runs twice: as is, and under a one-byte memory budget (every text and metadata byte
// spilled and read back), which must write the same files byte for byte.
const exportStore: typeof exportAnyOrder = async (dir, options, file = 'out.jsonl') => {
  const run = await exportAnyOrder(dir, { order: 'scan', ...options }, file);
  const spilledDir = path.join(dir, 'spilled');
  fs.mkdirSync(spilledDir, { recursive: true });
  const session = await CurationSession.open(path.join(dir, 'ctx.lance'), { spill: { memoryBudget: 1 } });
  try {
    const referenceTime: string = JSON.parse(fs.readFileSync(`${run.out}.run.json`, 'utf8')).options.referenceTime;
    await exportTraining(session, { order: 'scan', ...options, referenceTime }, path.join(spilledDir, file));
    assert.ok(session.budget.spilled > 0, 'the one-byte budget spilled');
  } finally {
    await session.close();
  }
  const stem = file.replace(/\.jsonl$/, '');
  const kept = outputFilesOf(dir, stem);
  const spilled = outputFilesOf(spilledDir, stem);
  assert.ok(spilled.size >= 3, `the spilled run wrote ${[...spilled.keys()].join(', ')}`);
  for (const [name, text] of spilled) {
    assert.ok(kept.has(name), `${name} was written only when spilled`);
    // The run record lists the options in the order they were given (the spilled run names its reference time).
    if (name.endsWith('.run.json')) assert.deepEqual(JSON.parse(text), JSON.parse(kept.get(name)!), `${name} differs when every byte column spills`);
    else assert.equal(text, kept.get(name), `${name} differs when every byte column spills`);
  }
  return run;
};

describe('export (export.rs parity)', () => {
  const tmp = useTempDir();
  const manifestOf = (file: string) => readJson(`${file}.manifest.json`);
  const statsOf = (file: string) => readJson(`${file}.stats.json`);

  it('groups a session into one conversation ordered by (created_at, id)', async () => {
    await addRecords(tmp(), [rec('r2', 'assistant', 'hi there', 2), rec('r1', 'user', 'hello', 1), rec('r3', 'user', 'bye', 3)]);
    const { out, result } = await exportStore(tmp(), { task: 'sft', groupBy: 'session_id' });
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0].messages.map((m: any) => m.content), ['hello', 'hi there', 'bye']);
    assert.equal(result.manifest.task, 'sft');
    assert.equal(result.manifest.counts.examples, 1);
    assert.equal(lines[0].provenance.version, result.manifest.version);
    const manifest = manifestOf(out);
    assert.equal(manifest.task, 'sft');
    assert.equal(manifest.counts.examples, 1);
    assert.equal(manifest.schema_version, EXPORT_SCHEMA_VERSION);
    assert.equal(manifest.source_record_ids.length, 3);
  });

  it('drops records whose reward is below min_reward (rejection sampling)', async () => {
    await addRecords(tmp(), [
      rec('g', 'assistant', 'good', 1, { session_id: 'a', metadata: { reward: 0.9 } }),
      rec('b', 'assistant', 'bad', 2, { session_id: 'b', metadata: { reward: 0.1 } }),
    ]);
    const { out, result } = await exportStore(tmp(), { task: 'sft', minReward: 0.5 });
    const lines = readLines(out);
    assert.equal(lines.length, 1, 'only the high-reward record survives');
    assert.equal(lines[0].messages[0].content, 'good');
    assert.equal(result.manifest.counts.after_reward_filter, 1);
    assert.equal(result.manifest.min_reward, 0.5);
  });

  it('pairs the highest- and lowest-reward candidates as chosen and rejected', async () => {
    await addRecords(tmp(), [
      rec('p', 'user', 'question', 1),
      rec('hi', 'assistant', 'great answer', 2, { metadata: { reward: 0.9 } }),
      rec('lo', 'assistant', 'poor answer', 3, { metadata: { reward: 0.2 } }),
    ]);
    const { out } = await exportStore(tmp(), { task: 'preference', form: 'paired' });
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].form, 'paired');
    assert.equal(lines[0].prompt[0].content, 'question');
    assert.equal(lines[0].chosen[0].content, 'great answer');
    assert.equal(lines[0].rejected[0].content, 'poor answer');
  });

  it('writes one unpaired example per labelled candidate (KTO)', async () => {
    await addRecords(tmp(), [
      rec('p', 'user', 'q', 1),
      rec('a', 'assistant', 'yes', 2, { metadata: { label: 'chosen' } }),
      rec('b', 'assistant', 'no', 3, { metadata: { label: 'rejected' } }),
    ]);
    const { out } = await exportStore(tmp(), { task: 'preference', form: 'unpaired' });
    const lines = readLines(out);
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.form === 'unpaired'));
    assert.equal(lines.find((l) => l.completion[0].content === 'yes').label, true);
    assert.equal(lines.find((l) => l.completion[0].content === 'no').label, false);
  });

  it('orders ranked candidates by rank', async () => {
    await addRecords(tmp(), [
      rec('p', 'user', 'q', 1),
      rec('c2', 'assistant', 'second', 2, { metadata: { rank: 2 } }),
      rec('c1', 'assistant', 'first', 3, { metadata: { rank: 1 } }),
    ]);
    const { out } = await exportStore(tmp(), { task: 'preference', form: 'ranked' });
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].form, 'ranked');
    assert.equal(lines[0].candidates[0].messages[0].content, 'first');
    assert.equal(lines[0].candidates[0].rank, 1);
    assert.equal(lines[0].candidates[1].messages[0].content, 'second');
  });

  it('groups rollout responses with their rewards, sources and group id', async () => {
    await addRecords(tmp(), [
      rec('p', 'user', 'solve x', 1),
      rec('r1', 'assistant', 'ans1', 2, { metadata: { reward: 1.0, reward_source: 'verifier', group_id: 'g1' } }),
      rec('r2', 'assistant', 'ans2', 3, { metadata: { reward: 0.0, reward_source: 'verifier', group_id: 'g1' } }),
    ]);
    const { out } = await exportStore(tmp(), { task: 'rollout' });
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].group_id, 'g1');
    assert.equal(lines[0].prompt[0].content, 'solve x');
    assert.equal(lines[0].responses.length, 2);
    assert.equal(lines[0].responses[0].reward, 1.0);
    assert.equal(lines[0].responses[0].reward_source, 'verifier');
    // serde_json prints f64 rewards with a decimal point
    assert.match(fs.readFileSync(out, 'utf8'), /"reward":1\.0,"reward_source":"verifier"/);
  });

  it('collapses near-duplicate embeddings', async () => {
    await addRecords(tmp(), [
      rec('a', 'user', 'dup one', 1, { session_id: 'a', embedding: emb(1, 0) }),
      rec('b', 'user', 'dup two', 2, { session_id: 'b', embedding: emb(1, 0) }),
    ]);
    const { out, result } = await exportStore(tmp(), { dedupThreshold: 0.01 });
    assert.equal(result.manifest.counts.after_dedup, 1, 'one near-duplicate collapsed');
    assert.equal(readLines(out).length, 1);
  });

  it('drops records that match a holdout embedding', async () => {
    await addRecords(tmp(), [
      rec('k', 'user', 'keep', 1, { session_id: 'k', embedding: emb(0, 1) }),
      rec('l', 'user', 'leak', 2, { session_id: 'l', embedding: emb(1, 0) }),
    ]);
    const holdout = path.join(tmp(), 'holdout.jsonl');
    fs.writeFileSync(holdout, '[1,0,0,0]\n');
    const { out, result } = await exportStore(tmp(), { holdout, decontaminateThreshold: 0.01 });
    assert.equal(result.manifest.counts.after_decontaminate, 1);
    const lines = readLines(out);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].messages[0].content, 'keep');
  });

  it('drops contradicted records', async () => {
    await addRecords(tmp(), [
      rec('g', 'user', 'valid', 1),
      rec('c', 'user', 'contradicted', 2, { session_id: 'other', lifecycle_status: 'contradicted' }),
    ]);
    const { out, result } = await exportStore(tmp(), {});
    assert.equal(result.manifest.counts.after_lifecycle, 1);
    assert.ok(readLines(out).every((l) => l.messages[0].content !== 'contradicted'));
  });

  it('exports a pinned version and leaves the store at its latest version', async () => {
    const store = await addRecords(tmp(), [rec('r1', 'user', 'first', 1)]);
    const pinned = (await ContextStore.open(store)).version;
    await addRecords(tmp(), [rec('r2', 'user', 'second', 2)]);
    const session = await CurationSession.open(store);
    const latest = session.store.version;
    const out = path.join(tmp(), 'out.jsonl');
    const result = await exportTraining(session, { groupBy: 'none', version: pinned, order: 'scan' }, out);
    assert.equal(result.manifest.version, pinned);
    assert.deepEqual(readLines(out).map((l) => l.messages[0].content), ['first']);
    assert.equal(session.store.version, latest, 'store restored after pinned export');
    assert.equal((await ContextStore.open(store)).version, latest);
    await session.close();
  });

  it('is reproducible: the same version and options give identical files', async () => {
    await addRecords(tmp(), [rec('r1', 'user', 'a', 1), rec('r2', 'assistant', 'b', 2), rec('r3', 'user', 'c', 3)]);
    const first = await exportStore(tmp(), { groupBy: 'session_id' }, 'out.jsonl');
    const second = await exportStore(tmp(), { groupBy: 'session_id' }, 'out2.jsonl');
    assert.equal(fs.readFileSync(first.out, 'utf8'), fs.readFileSync(second.out, 'utf8'));
  });

  it('groups by the external id prefix before a delimiter', async () => {
    await addRecords(tmp(), [
      rec('a', 'user', 'doc7 turn1', 1, { external_id: 'doc-7#chunk-1' }),
      rec('b', 'assistant', 'doc7 turn2', 2, { external_id: 'doc-7#chunk-2' }),
      rec('c', 'user', 'doc8 turn1', 3, { external_id: 'doc-8#chunk-1' }),
    ]);
    const { out } = await exportStore(tmp(), { groupBy: 'external_id_prefix:#' });
    const lines = readLines(out);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].messages.length, 2);
  });

  const sessionIds = (file: string) => new Set(readLines(file).map((l) => l.provenance.session_id));

  it('splits deterministically and keeps every session on one side', async () => {
    const records = [];
    for (let s = 0; s < 10; s++) {
      records.push(rec(`u${s}`, 'user', 'q', s * 2, { session_id: `s${s}` }));
      records.push(rec(`a${s}`, 'assistant', 'r', s * 2 + 1, { session_id: `s${s}` }));
    }
    await addRecords(tmp(), records);
    const options = { splitEval: 0.5, splitBy: 'session_id', splitSeed: 42 };
    const one = await exportStore(tmp(), options, 'a.jsonl');
    const two = await exportStore(tmp(), options, 'b.jsonl');
    const p1 = splitPaths(one.out);
    const p2 = splitPaths(two.out);
    assert.equal(fs.readFileSync(p1.train, 'utf8'), fs.readFileSync(p2.train, 'utf8'));
    assert.equal(fs.readFileSync(p1.eval, 'utf8'), fs.readFileSync(p2.eval, 'utf8'));
    const train = sessionIds(p1.train);
    const evalSessions = sessionIds(p1.eval);
    assert.ok(train.size > 0 && evalSessions.size > 0);
    assert.ok([...train].every((s) => !evalSessions.has(s)));
    assert.equal(train.size + evalSessions.size, 10);
    assert.equal(fs.existsSync(one.out), false, 'a split writes only the .train and .eval files');
  });

  it('respects the eval fraction approximately', async () => {
    const records = Array.from({ length: 200 }, (_, s) => rec(`r${s}`, 'user', 'q', s, { session_id: `s${s}` }));
    await addRecords(tmp(), records);
    const { out } = await exportStore(tmp(), { splitEval: 0.25, splitSeed: 7 }, 'c.jsonl');
    const { train, eval: evalPath } = splitPaths(out);
    const evalCount = readLines(evalPath).length;
    assert.equal(readLines(train).length + evalCount, 200);
    assert.ok(Math.abs(evalCount / 200 - 0.25) < 0.1, `eval fraction ${evalCount / 200} too far from 0.25`);
  });

  it('records the split parameters and the complement path in each manifest', async () => {
    await addRecords(tmp(), [rec('a', 'user', 'x', 1, { session_id: 's1' }), rec('b', 'user', 'y', 2, { session_id: 's2' })]);
    const { out } = await exportStore(tmp(), { splitEval: 0.5, splitSeed: 99 }, 'd.jsonl');
    const { train, eval: evalPath } = splitPaths(out);
    assert.ok(fs.existsSync(train) && fs.existsSync(evalPath));
    const split = manifestOf(train).split;
    assert.equal(split.side, 'train');
    assert.equal(split.seed, 99);
    assert.equal(split.eval_fraction, 0.5);
    assert.equal(split.by, 'session_id');
    assert.equal(split.complement_path, evalPath);
    assert.equal(manifestOf(evalPath).split.side, 'eval');
  });

  it('reports roles, sources, tenants, tokens and exclusions in stats', async () => {
    await addRecords(tmp(), [
      rec('u', 'user', 'hello there', 1, { source: 'memory', tenant: 'acme', state_metadata: { step: null, active_plan_id: null, tokens_used: 5, custom: null } }),
      rec('a', 'assistant', 'hi', 2, { source: 'memory', tenant: 'acme', state_metadata: { step: null, active_plan_id: null, tokens_used: 11, custom: null } }),
      rec('d', 'user', 'nope', 3, { session_id: 'other', lifecycle_status: 'contradicted' }),
    ]);
    const { out } = await exportStore(tmp(), { stats: true });
    const stats = statsOf(out);
    assert.equal(stats.task, 'sft');
    assert.equal(stats.examples, 1);
    assert.equal(stats.num_groups, 1);
    assert.equal(stats.by_role.user, 1);
    assert.equal(stats.by_role.assistant, 1);
    assert.equal(stats.by_source.memory, 2);
    assert.equal(stats.by_tenant.acme, 2);
    assert.equal(stats.excluded.lifecycle, 1, 'contradicted record excluded');
    assert.equal(stats.tokens.source, 'tokens_used');
    assert.equal(stats.tokens.count, 2);
    assert.equal(stats.tokens.min, 5);
    assert.equal(stats.tokens.max, 11);
    assert.equal(stats.tokens.mean, 8);
  });

  it('falls back to a whitespace word count when tokens_used is missing', async () => {
    await addRecords(tmp(), [rec('u', 'user', 'one two three four', 1)]);
    const { out } = await exportStore(tmp(), { stats: true });
    const tokens = statsOf(out).tokens;
    assert.equal(tokens.source, 'length_proxy');
    assert.equal(tokens.max, 4);
  });

  it('reports the reward distribution and reward sources for rollouts', async () => {
    await addRecords(tmp(), [
      rec('p', 'user', 'solve', 1),
      rec('r1', 'assistant', 'a1', 2, { metadata: { reward: 1.0, reward_source: 'verifier' } }),
      rec('r2', 'assistant', 'a2', 3, { metadata: { reward: 0.0, reward_source: 'verifier' } }),
    ]);
    const { out } = await exportStore(tmp(), { task: 'rollout', stats: true });
    const stats = statsOf(out);
    assert.equal(stats.reward.count, 2);
    assert.equal(stats.reward.min, 0);
    assert.equal(stats.reward.max, 1);
    assert.equal(stats.reward_sources.verifier, 2);
  });

  it('writes no stats file without the flag', async () => {
    await addRecords(tmp(), [rec('u', 'user', 'hi', 1)]);
    const { out } = await exportStore(tmp(), {});
    assert.equal(fs.existsSync(`${out}.stats.json`), false);
  });
});
