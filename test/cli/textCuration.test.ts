import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { addRecords, emb, rec } from '../helpers/records';
import { readJson, useTempDir } from '../helpers/tempDir';

/** Sixty distinct words, so shingles of five never repeat by accident. */
const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
const BENCH_ITEM = 'what is the capital city of the small country that borders the northern sea coast';
const FOX = 'The quick brown fox jumps over the lazy dog near the river bank today';

const inSession = (session: string) => ({ session_id: session });

describe('lance-curator text curation (issue 11)', function () {
  this.timeout(120_000);
  const tmp = useTempDir();

  describe('record mode with a benchmark', () => {
    let store: string;
    let bench: string;
    beforeEach(async () => {
      store = await addRecords(tmp(), [
        rec('a1', 'user', FOX, 1, inSession('s1')),
        rec('a2', 'user', 'THE QUICK   brown fox\tjumps over the lazy dog near the river bank today ', 2, inSession('s2')),
        rec('a3', 'user', 'Ｔｈｅ ｑｕｉｃｋ brown fox jumps over the lazy dog near the river bank today', 3, inSession('s3')),
        rec('m1', 'user', LONG, 4, inSession('s4')),
        rec('m2', 'user', LONG.replace('word59', 'changed'), 5, inSession('s5')),
        rec('b1', 'user', `please answer: ${BENCH_ITEM.toUpperCase()} thanks`, 6, inSession('s6')),
        rec('c1', 'user', 'an unrelated question about gardening in spring', 7, inSession('s7')),
      ]);
      bench = path.join(tmp(), 'bench.jsonl');
      fs.writeFileSync(bench, `${JSON.stringify({ text: BENCH_ITEM })}\n${JSON.stringify({ text: 'too short' })}\n`);
    });
    const flags = () => ['--text-dedup', 'minhash', '--benchmark', 'bench.jsonl'];

    it('preview --json names each removal with its stage, kept record and evidence', async () => {
      const run = await runCli(['preview', store, ...flags(), '--json'], { cwd: tmp() });
      assert.equal(run.code, 0, run.stderr);
      const plan = JSON.parse(run.stdout);
      assert.deepEqual(
        plan.excluded.text_exact.map((e: any) => [e.id, e.duplicateOf, e.similarity]),
        [
          ['a2', 'a1', 1],
          ['a3', 'a1', 1],
        ],
      );
      assert.match(plan.excluded.text_exact[0].reason, /^same text as a1$/);
      const [near] = plan.excluded.text_minhash;
      assert.equal(near.id, 'm2');
      assert.equal(near.duplicateOf, 'm1');
      assert.equal(near.similarity, 55 / 57);
      assert.match(near.reason, /^near-duplicate text of m1, Jaccard 0\.964$/);
      assert.deepEqual(
        plan.excluded.ngram_decontaminate.map((e: any) => [e.id, e.benchmark.file, e.benchmark.line]),
        [['b1', 'bench.jsonl', 1]],
      );
      assert.equal(plan.excluded.ngram_decontaminate[0].benchmark.ngram.split(' ').length, 13);
      assert.deepEqual(
        { e: plan.counts.after_text_exact, m: plan.counts.after_text_minhash, n: plan.counts.after_ngram_decontaminate },
        { e: 5, m: 4, n: 3 },
      );
      assert.equal(plan.stats.ngram.ignored_items, 1, 'the two-word item is counted as ignored');
    });

    it('export writes the text figures as extra keys after export.rs counts, only for the stages that ran', async () => {
      const out = path.join(tmp(), 'out.jsonl');
      const run = await runCli(['export', store, '--out', out, '--stats', ...flags()], { cwd: tmp() });
      assert.equal(run.code, 0, run.stderr);
      const manifest = readJson(`${out}.manifest.json`);
      assert.deepEqual(Object.keys(manifest.counts), [
        'input_records',
        'after_lifecycle',
        'after_dedup',
        'after_decontaminate',
        'after_reward_filter',
        'examples',
        'after_text_exact',
        'after_text_minhash',
        'after_ngram_decontaminate',
      ]);
      assert.deepEqual(manifest.source_record_ids, ['a1', 'm1', 'c1']);
      assert.deepEqual(readJson(`${out}.stats.json`).excluded, { lifecycle: 0, reward_threshold: 0, dedup: 0, decontaminate: 0, text_exact: 2, text_minhash: 1, ngram_decontaminate: 1 });
      assert.match(run.stdout, /7 records in, 3 after curation/);

      const plain = path.join(tmp(), 'plain.jsonl');
      assert.equal((await runCli(['export', store, '--out', plain, '--text-dedup', 'exact'])).code, 0);
      assert.deepEqual(Object.keys(readJson(`${plain}.manifest.json`).counts).slice(6), ['after_text_exact']);
    });

    it('a --keep id is never removed by a text dedup stage, and later copies go against the earliest kept one', async () => {
      const run = await runCli(['preview', store, '--text-dedup', 'exact', '--keep', 'a2', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const plan = JSON.parse(run.stdout);
      assert.deepEqual(plan.excluded.text_exact.map((e: any) => [e.id, e.duplicateOf]), [['a3', 'a1']]);
    });

    it('options that do not apply are refused, naming the flag', async () => {
      const shingle = await runCli(['preview', store, '--text-dedup', 'exact', '--shingle-size', '3', '--json']);
      assert.equal(shingle.code, 1, shingle.stderr);
      assert.match(shingle.stderr, /--shingle-size/);
      const ngram = await runCli(['preview', store, '--ngram', '8', '--json']);
      assert.equal(ngram.code, 1, ngram.stderr);
      assert.match(ngram.stderr, /^lance-curator: --ngram: an n-gram length needs a benchmark file$/m);
      const leakage = await runCli(['preview', store, '--leakage', 'report', '--json']);
      assert.equal(leakage.code, 1, leakage.stderr);
      assert.match(leakage.stderr, /needs a split/);
    });
  });

  describe('group mode', () => {
    it('--dedup-unit group drops whole conversations whose joined text duplicates an earlier one', async () => {
      const store = await addRecords(tmp(), [
        rec('x1', 'user', 'how do I bake bread at home', 1, inSession('g1')),
        rec('x2', 'assistant', 'mix flour water yeast and salt then bake', 2, inSession('g1')),
        rec('y1', 'user', 'How do I bake BREAD at home', 3, inSession('g2')),
        rec('y2', 'assistant', 'mix flour  water yeast and salt then bake', 4, inSession('g2')),
        rec('z1', 'user', 'how do I bake bread at home', 5, inSession('g3')),
        rec('z2', 'assistant', 'buy it from the bakery', 6, inSession('g3')),
      ]);
      const run = await runCli(['preview', store, '--text-dedup', 'exact', '--dedup-unit', 'group', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const plan = JSON.parse(run.stdout);
      assert.deepEqual(
        plan.excluded.text_exact.map((e: any) => [e.id, e.group, e.duplicateOf]),
        [
          ['y1', 'g2', 'g1'],
          ['y2', 'g2', 'g1'],
        ],
      );
      assert.deepEqual(plan.groups.map((g: any) => g.key), ['g1', 'g3']);

      const records = await runCli(['preview', store, '--text-dedup', 'exact', '--json']);
      assert.deepEqual(JSON.parse(records.stdout).excluded.text_exact.map((e: any) => e.id), ['y1', 'y2', 'z1'], 'record mode compares records alone');

      const kept = await runCli(['preview', store, '--text-dedup', 'exact', '--dedup-unit', 'group', '--keep', 'y2', '--json']);
      assert.equal(kept.code, 0, kept.stderr);
      assert.deepEqual(JSON.parse(kept.stdout).excluded.text_exact, [], 'keeping one record of a group keeps the whole group');
    });
  });

  describe('train/eval leakage', () => {
    let store: string;
    beforeEach(async () => {
      const records = [];
      for (let i = 0; i < 12; i++) {
        const text = Array.from({ length: 30 }, (_, w) => `pair${i}w${w}`).join(' ');
        records.push(rec(`p${i}a`, 'user', text, 2 * i, inSession(`s${i}a`)));
        records.push(rec(`p${i}b`, 'user', `${text} extra`, 2 * i + 1, inSession(`s${i}b`)));
      }
      store = await addRecords(tmp(), records);
    });
    // These records carry no embedding: the text measure (on with text dedup) is what finds the pairs.
    const split = ['--split-eval', '0.5', '--split-seed', '7', '--text-dedup', 'exact'];
    const idsOf = (file: string) => new Set<string>(readJson(`${file}.manifest.json`).source_record_ids);

    it('--leakage report lists exactly the near-duplicate pairs the split put on different sides', async () => {
      const out = path.join(tmp(), 'r.jsonl');
      const run = await runCli(['export', store, '--out', out, ...split, '--leakage', 'report']);
      assert.equal(run.code, 0, run.stderr);
      const train = idsOf(path.join(tmp(), 'r.train.jsonl'));
      const expected: string[] = [];
      for (let i = 0; i < 12; i++) if (train.has(`p${i}a`) !== train.has(`p${i}b`)) expected.push(`p${i}`);
      assert.ok(expected.length > 0, 'the seed splits some pair');
      const report = readJson(`${out}.leakage.json`);
      assert.equal(report.mode, 'report');
      assert.deepEqual(report.shingle_jaccard, { threshold: 0.8, shingle_size: 5 });
      assert.deepEqual(report.cosine_distance, { threshold: Math.fround(0.05), records_with_embedding: 0 });
      assert.deepEqual(report.pairs.map((p: any) => p.train_id.slice(0, -1)).sort(), expected.sort());
      for (const pair of report.pairs) assert.deepEqual([pair.similarity, pair.distance], [26 / 27, undefined], 'the shingle Jaccard is the evidence');
      for (const pair of report.pairs) assert.ok(train.has(pair.train_id) && !train.has(pair.eval_id));
      assert.ok(readJson(`${out}.run.json`).outputs.includes(`${out}.leakage.json`));
      const preview = JSON.parse((await runCli(['preview', store, ...split, '--leakage', 'report', '--json'])).stdout);
      assert.deepEqual(preview.leakage, report, 'preview --json carries the same report');
      assert.match(run.stdout, new RegExp(`leakage .*r\\.jsonl\\.leakage\\.json  \\(${expected.length} train/eval near-duplicate pair`));
    });

    it('--leakage compares embeddings by cosine distance without text dedup, and says when nothing could be compared', async () => {
      const records = [];
      for (let i = 0; i < 12; i++) {
        // Pair i shares a direction (pairs 0.5 rad apart: cosine distance 0.12 between pairs); texts all differ.
        const vector = emb(Math.cos(i / 2), Math.sin(i / 2));
        records.push(rec(`v${i}a`, 'user', `first text ${i}`, 2 * i, { session_id: `s${i}a`, embedding: vector }));
        records.push(rec(`v${i}b`, 'user', `second text ${i}`, 2 * i + 1, { session_id: `s${i}b`, embedding: vector }));
      }
      const vectors = await addRecords(path.join(tmp(), 'vectors'), records);
      const out = path.join(tmp(), 'v.jsonl');
      const run = await runCli(['export', vectors, '--out', out, '--split-eval', '0.5', '--split-seed', '7', '--leakage', 'report']);
      assert.equal(run.code, 0, run.stderr);
      const train = idsOf(path.join(tmp(), 'v.train.jsonl'));
      const expected: string[] = [];
      for (let i = 0; i < 12; i++) if (train.has(`v${i}a`) !== train.has(`v${i}b`)) expected.push(`v${i}`);
      assert.ok(expected.length > 0, 'the seed splits some pair');
      const report = readJson(`${out}.leakage.json`);
      assert.deepEqual(report.cosine_distance, { threshold: Math.fround(0.05), records_with_embedding: 24 });
      assert.equal(report.shingle_jaccard, undefined, 'no text measure without text dedup');
      assert.deepEqual(report.pairs.map((p: any) => p.train_id.slice(0, -1)).sort(), expected.sort());
      for (const pair of report.pairs) {
        // Same vector: the seed's f32 formula gives 0 up to its rounding (as the dedup reports it).
        assert.ok(Math.abs(pair.distance) < 1e-6 && pair.similarity === undefined, JSON.stringify(pair));
      }

      const tighter = await runCli(['preview', vectors, '--split-eval', '0.5', '--split-seed', '7', '--leakage', 'report', '--dedup-threshold', '0.2', '--json']);
      assert.equal(tighter.code, 0, tighter.stderr);
      assert.equal(JSON.parse(tighter.stdout).leakage.cosine_distance.threshold, Math.fround(0.2), 'the dedup threshold is the default distance');

      const blind = await runCli(['export', store, '--out', path.join(tmp(), 'blind.jsonl'), '--split-eval', '0.5', '--leakage', 'report']);
      assert.equal(blind.code, 0, blind.stderr);
      assert.match(blind.stderr, /none of the 24 curated records has an embedding.*turn on text dedup/);
    });

    it('--leakage move moves each straddling train group to eval, deterministically, and --replay makes the same split', async () => {
      const out = path.join(tmp(), 'm.jsonl');
      const run = await runCli(['export', store, '--out', out, ...split, '--leakage', 'move']);
      assert.equal(run.code, 0, run.stderr);
      const train = idsOf(path.join(tmp(), 'm.train.jsonl'));
      const evalIds = idsOf(path.join(tmp(), 'm.eval.jsonl'));
      for (let i = 0; i < 12; i++) assert.equal(train.has(`p${i}a`), train.has(`p${i}b`), `pair ${i} is on one side`);
      const report = readJson(`${out}.leakage.json`);
      assert.ok(report.pairs.length > 0);
      assert.deepEqual(report.moved_groups, [...new Set(report.pairs.map((p: any) => p.train_group))].sort());
      assert.deepEqual(report.remaining_pairs, []);
      assert.deepEqual(readJson(`${out}.run.json`).leakage_moved, report.moved_groups);

      const again = path.join(tmp(), 'again.jsonl');
      assert.equal((await runCli(['export', store, '--out', again, ...split, '--leakage', 'move'])).code, 0);
      assert.deepEqual(readJson(`${again}.leakage.json`), report);
      assert.equal(fs.readFileSync(path.join(tmp(), 'again.train.jsonl'), 'utf8'), fs.readFileSync(path.join(tmp(), 'm.train.jsonl'), 'utf8'));

      const replayed = path.join(tmp(), 'replayed.jsonl');
      const replay = await runCli(['export', '--replay', `${out}.run.json`, '--out', replayed]);
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(idsOf(path.join(tmp(), 'replayed.train.jsonl')), train);
      assert.deepEqual(idsOf(path.join(tmp(), 'replayed.eval.jsonl')), evalIds);
      assert.equal(readJson(`${replayed}.leakage.json`).replayed, true);
    });
  });
});
