import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { runCli } from '../helpers/cli';
import { addRecords, emb, rec } from '../helpers/records';
import { appendWithRawMetadata } from '../helpers/rawStore';
import { listFiles, makeTempDir, readJson, readLines, useTempDir } from '../helpers/tempDir';

describe('lance-curator CLI', function () {
  this.timeout(120_000);

  describe('on the demo store', () => {
    let demo: { dir: string; cleanup: () => void };
    let store: string;
    before(async () => {
      demo = makeTempDir();
      const run = await runCli(['demo', '--out-dir', demo.dir]);
      assert.equal(run.code, 0, run.stderr);
      store = path.join(demo.dir, 'demo.lance');
    });
    after(() => demo.cleanup());

    it('demo leaves only the store, the holdout and out/ in its folder (no stray lancedb folders)', () => {
      assert.deepEqual(fs.readdirSync(demo.dir).sort(), ['demo.lance', 'holdout.jsonl', 'out']);
    });

    it('demo builds demo.lance and writes every task with manifest and stats into out/', () => {
      assert.ok(fs.existsSync(path.join(store, '_versions')));
      const out = listFiles(path.join(demo.dir, 'out'));
      for (const name of ['sft', 'preference-paired', 'preference-unpaired', 'preference-ranked', 'rollout', 'sft-curated.train', 'sft-curated.eval']) {
        for (const suffix of ['.jsonl', '.jsonl.manifest.json', '.jsonl.stats.json']) assert.ok(out.includes(name + suffix), `${name}${suffix} missing`);
      }
      assert.ok(out.every((file) => !file.endsWith('.tmp')), 'no temporary files left');
      assert.ok(readLines(path.join(demo.dir, 'out', 'rollout.jsonl')).length > 5);
    });

    it('demo store has several versions, contradicted, retired, expired, superseded and deleted records', async () => {
      const versions = await runCli(['versions', store, '--json']);
      assert.equal(versions.code, 0, versions.stderr);
      const listed = JSON.parse(versions.stdout);
      assert.ok(listed.length >= 3);
      assert.ok(listed[listed.length - 1].wal_records > 0, 'the demo has records in the write-ahead log');
      const preview = JSON.parse((await runCli(['preview', store, '--json'])).stdout);
      const rules = new Set(preview.excluded.listing.map((e: any) => e.rule));
      for (const rule of ['tombstone', 'expired', 'retired', 'superseded']) assert.ok(rules.has(rule), `no ${rule} record in the demo`);
      assert.ok(preview.excluded.lifecycle.length > 0, 'no contradicted record in the demo');
    });

    it('preview --json counts and stats equal what export writes for the same options', async () => {
      const flags = ['--task', 'preference', '--form', 'ranked', '--min-reward', '0.3', '--dedup-threshold', '0.02'];
      const preview = await runCli(['preview', store, ...flags, '--json']);
      assert.equal(preview.code, 0, preview.stderr);
      const plan = JSON.parse(preview.stdout);
      const out = path.join(demo.dir, 'ranked.jsonl');
      const exported = await runCli(['export', store, '--out', out, '--stats', ...flags]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.deepEqual(plan.counts, readJson(`${out}.manifest.json`).counts);
      assert.deepEqual(plan.stats, readJson(`${out}.stats.json`));
      const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
      assert.deepEqual(plan.examples.slice(0, 5), lines.slice(0, 5).map((line) => JSON.parse(line)));
      assert.equal(plan.groups.reduce((n: number, g: any) => n + g.examples, 0), lines.length);
    });

    it('preview explains every exclusion with its evidence', async () => {
      const holdout = path.join(demo.dir, 'holdout.jsonl');
      const plan = JSON.parse(
        (await runCli(['preview', store, '--min-reward', '0.5', '--dedup-threshold', '0.02', '--holdout', holdout, '--decontaminate-threshold', '0.01', '--json'])).stdout,
      );
      const dup = plan.excluded.dedup[0];
      assert.match(dup.reason, /^near-duplicate of r\d+, distance \d/);
      assert.ok(dup.distance <= 0.02);
      assert.ok(!plan.excluded.dedup.some((e: any) => e.id === dup.duplicateOf), 'the named record was kept');
      assert.match(plan.excluded.reward_threshold[0].reason, /^reward \d\.\d+ < 0\.50$/);
      assert.match(plan.excluded.decontaminate[0].reason, /^matches holdout line [12], distance /);
      assert.match(plan.excluded.lifecycle[0].reason, /contradicted/);
      assert.match(plan.excluded.listing.find((e: any) => e.rule === 'expired').reason, /^expired 2025-03-01T00:00:00Z$/);
    });

    it('export --json prints the manifests; a split writes train and eval with complementary manifests', async () => {
      const out = path.join(demo.dir, 'split.jsonl');
      const run = await runCli(['export', store, '--out', out, '--split-eval', '0.3', '--split-seed', '5', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const manifests = JSON.parse(run.stdout);
      assert.deepEqual(manifests.map((m: any) => m.split.side), ['train', 'eval']);
      assert.equal(manifests[0].split.complement_path, path.join(demo.dir, 'split.eval.jsonl'));
      assert.ok(fs.existsSync(path.join(demo.dir, 'split.train.jsonl')) && fs.existsSync(path.join(demo.dir, 'split.eval.jsonl')));
      // Printed as it is written, line by line: the manifest files' bytes, one level in.
      const indented = (side: string) => fs.readFileSync(path.join(demo.dir, `split.${side}.jsonl.manifest.json`), 'utf8').split('\n').join('\n  ');
      assert.equal(run.stdout, `[\n  ${indented('train')},\n  ${indented('eval')}\n]\n`);
    });

    it('writes a run record with every option explicit, and --replay writes the same files again', async () => {
      const holdout = path.join(demo.dir, 'holdout-copy.jsonl');
      fs.copyFileSync(path.join(demo.dir, 'holdout.jsonl'), holdout);
      const out = path.join(demo.dir, 'replayed.jsonl');
      const first = await runCli(['export', store, '--out', out, '--stats', '--min-reward', '0.5', '--holdout', holdout, '--decontaminate-threshold', '0.01', '--reference-time', '2025-06-01T00:00:00Z']);
      assert.equal(first.code, 0, first.stderr);
      const record = readJson(`${out}.run.json`);
      assert.equal(record.options.task, 'sft');
      assert.equal(record.options.groupBy, 'session_id');
      assert.equal(record.options.order, 'created_at');
      assert.equal(record.options.minReward, 0.5);
      assert.equal(record.options.referenceTime, '2025-06-01T00:00:00Z');
      assert.equal(record.store.uri, store);
      assert.deepEqual(record.inputs.map((i: any) => [i.option, i.path, i.sha256.length]), [['holdout', holdout, 64]]);
      const bytes = fs.readFileSync(out, 'utf8');
      const manifest = fs.readFileSync(`${out}.manifest.json`, 'utf8');
      fs.rmSync(out);
      const again = await runCli(['export', '--replay', `${out}.run.json`]);
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(again.stderr, /warning/);
      assert.equal(fs.readFileSync(out, 'utf8'), bytes);
      assert.equal(fs.readFileSync(`${out}.manifest.json`, 'utf8'), manifest);
      const lines = fs.readFileSync(holdout, 'utf8').trimEnd().split('\n');
      fs.writeFileSync(holdout, `${lines.slice(1).join('\n')}\n`);
      const moved = await runCli(['export', '--replay', `${out}.run.json`, '--out', path.join(demo.dir, 'replayed-2.jsonl')]);
      assert.equal(moved.code, 0, moved.stderr);
      assert.match(moved.stderr, /warning: replay: the holdout input .*holdout-copy\.jsonl changed since the run: sha256 [0-9a-f]{12}… \(\d+ bytes\) → [0-9a-f]{12}…/);
      const mixed = await runCli(['export', '--replay', `${out}.run.json`, '--min-reward', '0.9']);
      assert.equal(mixed.code, 1);
      assert.match(mixed.stderr, /--replay takes every option from .*; drop --min-reward/);
      const elsewhere = await runCli(['export', path.join(demo.dir, 'other.lance'), '--replay', `${out}.run.json`]);
      assert.equal(elsewhere.code, 1);
      assert.match(elsewhere.stderr, /--replay reads the recorded store .*demo\.lance, not .*other\.lance/);
    });

    it('exports a pinned version', async () => {
      const out = path.join(demo.dir, 'v1.jsonl');
      const run = await runCli(['export', store, '--out', out, '--at-version', '1']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readJson(`${out}.manifest.json`).version, 1);
      assert.ok(readLines(out).every((line) => line.provenance.version === 1));
    });

    it('accepts --allow-unmerged-wal as a no-op and says so on stderr', async () => {
      const out = path.join(demo.dir, 'wal-out', 'x.jsonl');
      fs.mkdirSync(path.dirname(out));
      const run = await runCli(['export', store, '--out', out, '--allow-unmerged-wal']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /--allow-unmerged-wal is no longer needed and is ignored/);
      assert.match(run.stdout, /read +v\d+ \+ \d+ records? in the write-ahead log/);
    });
  });

  describe('import', () => {
    const tmp = useTempDir();

    it('creates a store, then appends one version per call, with lance-context\'s schema', async () => {
      const file = path.join(tmp(), 'records.jsonl');
      const store = path.join(tmp(), 'new.lance');
      fs.writeFileSync(
        file,
        [
          { id: 'a', run_id: 'r', session_id: 's', created_at: '2024-05-01T10:00:00.123456Z', role: 'user', text_payload: 'hi', metadata: { reward: 1.0 }, embedding: [1, 0, 0] },
          { id: 'b', run_id: 'r', session_id: 's', created_at: '2024-05-01T10:00:01Z', role: 'assistant', text_payload: 'hello', embedding: null },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      const first = await runCli(['import', store, '--records', file, '--json']);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(JSON.parse(first.stdout), { uri: store, created: true, records: 2, version: 1 });
      const second = await runCli(['import', store, '--records', file, '--json']);
      assert.equal(JSON.parse(second.stdout).version, 2);
      const table = await (await lancedb.connect(tmp())).openTable('new');
      const schema = await table.schema();
      assert.equal(String(schema.fields.find((f) => f.name === 'metadata')!.type), 'LargeUtf8');
      assert.equal(String(schema.fields.find((f) => f.name === 'embedding')!.type), 'FixedSizeList[3]<Float32>');
      const out = path.join(tmp(), 'o.jsonl');
      await runCli(['export', store, '--out', out]);
      const [example] = readLines(out);
      assert.deepEqual(example.messages.map((m: any) => m.content), ['hi', 'hello']);
      assert.equal(example.provenance.created_at_start, '2024-05-01T10:00:00.123456Z');
    });

    it('names the line and field of a bad record', async () => {
      const file = path.join(tmp(), 'bad.jsonl');
      fs.writeFileSync(file, '{"id":"a","run_id":"r","created_at":"yesterday","role":"user"}\n');
      const run = await runCli(['import', path.join(tmp(), 'x.lance'), '--records', file]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /bad\.jsonl line 1: record a: field created_at must be an RFC 3339 timestamp/);
      assert.equal(fs.existsSync(path.join(tmp(), 'x.lance')), false);
    });
  });

  describe('bad input', () => {
    const tmp = useTempDir();
    let store: string;
    beforeEach(async () => {
      store = await addRecords(tmp(), [
        rec('u', 'user', 'q', 1, { embedding: emb(1, 0) }),
        rec('a', 'assistant', 'r', 2, { embedding: emb(0, 1), metadata: { reward: 0.4 } }),
      ]);
      fs.mkdirSync(path.join(tmp(), 'out'));
    });
    const out = () => path.join(tmp(), 'out', 'x.jsonl');
    const expectFailure = async (args: string[], code: number, message: RegExp) => {
      const run = await runCli(args);
      assert.equal(run.code, code, `exit code (stderr: ${run.stderr})`);
      assert.match(run.stderr, message);
      assert.deepEqual(listFiles(path.join(tmp(), 'out')), [], 'no output file left behind');
    };

    it('a missing store path', () => expectFailure(['export', path.join(tmp(), 'nope.lance'), '--out', out()], 1, /nope\.lance does not exist/));
    it('a directory that is not a Lance dataset', async () => {
      fs.mkdirSync(path.join(tmp(), 'empty.lance'));
      await expectFailure(['export', path.join(tmp(), 'empty.lance'), '--out', out()], 1, /empty\.lance is not a Lance dataset \(no _versions\/ directory\)/);
    });
    it('a path not ending in .lance', () => expectFailure(['export', tmp(), '--out', out()], 1, /name ends in \.lance/));
    it('a Lance dataset that is not a context store', async () => {
      const db = await lancedb.connect(tmp());
      await db.createTable('other', [{ id: 'x', value: 1 }]);
      await expectFailure(['export', path.join(tmp(), 'other.lance'), '--out', out()], 1, /other\.lance: not a context store: looks like a generic store \(missing columns run_id, created_at, role, content_type\)/);
    });
    it('metadata that is not valid JSON fails with --strict, naming the record', async () => {
      await appendWithRawMetadata(store, rec('a', 'assistant', 'r', 3), '{"reward": ');
      await expectFailure(['export', store, '--out', out(), '--strict'], 1, /record a: metadata is not valid JSON/);
    });
    it('metadata that is not valid JSON is skipped with a warning by default', async () => {
      await appendWithRawMetadata(store, rec('a', 'assistant', 'r', 3), '{"reward": ');
      const run = await runCli(['export', store, '--out', out()]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warning: skipped 1 record whose metadata is not valid JSON \(first: record a/);
      assert.equal(readLines(out())[0].messages.length, 1);
    });
    it('holdout embeddings of another dimension', async () => {
      const holdout = path.join(tmp(), 'h.jsonl');
      fs.writeFileSync(holdout, '[1,0,0,0]\n{"embedding":[1,0,0]}\n');
      await expectFailure(
        ['export', store, '--out', out(), '--holdout', holdout, '--decontaminate-threshold', '0.1'],
        1,
        /h\.jsonl line 2: embedding has 3 dimensions, but .*ctx\.lance stores 4-dimensional embeddings/,
      );
    });
    it('a holdout line that is not a vector', async () => {
      const holdout = path.join(tmp(), 'h.jsonl');
      fs.writeFileSync(holdout, '{"vector":[1]}\n');
      await expectFailure(['export', store, '--out', out(), '--holdout', holdout, '--decontaminate-threshold', '0.1'], 1, /h\.jsonl line 1: expected a JSON array of numbers/);
    });
    it('invalid --filter JSON', () => expectFailure(['export', store, '--out', out(), '--filter', '{role:'], 1, /--filter: not valid JSON/));
    it('an unknown filter operator', () =>
      expectFailure(['export', store, '--out', out(), '--filter', '{"created_at":{"near":"2024-01-01T00:00:00Z"}}'], 1, /unsupported created_at filter operator 'near'/));
    it('an unknown task', () => expectFailure(['export', store, '--out', out(), '--task', 'dpo'], 1, /--task: unknown task 'dpo' \(use sft, preference, rollout\)/));
    it('an unknown form', () => expectFailure(['export', store, '--out', out(), '--task', 'preference', '--form', 'pairs'], 1, /--form: unknown form 'pairs'/));
    it('an unknown group-by', () => expectFailure(['export', store, '--out', out(), '--group-by', 'user'], 1, /--group-by: unknown grouping 'user'/));
    it('--split-eval outside 0..1', () => expectFailure(['export', store, '--out', out(), '--split-eval', '1.5'], 1, /--split-eval: the eval fraction must be between 0 and 1, got 1\.5/));
    it('--at-version that does not exist', () => expectFailure(['export', store, '--out', out(), '--at-version', '9'], 1, /has no version 9 \(available: 1\)/));
    it('an output directory that does not exist', async () => {
      const run = await runCli(['export', store, '--out', path.join(tmp(), 'missing', 'x.jsonl')]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /cannot write .*missing\/x\.jsonl: directory .*missing does not exist/);
    });
    it('an output path inside a file', async () => {
      fs.writeFileSync(path.join(tmp(), 'file'), '');
      const run = await runCli(['export', store, '--out', path.join(tmp(), 'file', 'x.jsonl')]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /cannot write .*file\/x\.jsonl: .*file is not a directory/);
    });
    it('a number flag that is not a number is a usage error (exit 2)', () =>
      expectFailure(['export', store, '--out', out(), '--min-reward', 'high'], 2, /option '--min-reward <x>' argument 'high' is invalid\. expected a number, got 'high'/));
    it('metadata nested 128 levels deep is invalid JSON, as serde_json reads it: skipped with a warning, an error with --strict', async () => {
      const nested = (depth: number) => `{"reward": 0.9, "deep": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
      await appendWithRawMetadata(store, rec('ok', 'assistant', 'fine', 3), nested(127));
      await appendWithRawMetadata(store, rec('deep', 'assistant', 'too deep', 4), nested(128));
      const run = await runCli(['export', store, '--out', out(), '--filter', '{"reward": 0.9}']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warning: skipped 1 record whose metadata is not valid JSON \(first: record deep in .*metadata is not valid JSON \(recursion limit exceeded/);
      const ids = readLines(out()).flatMap((line) => line.provenance.record_ids as string[]);
      assert.ok(ids.includes('ok') && !ids.includes('deep'), ids.join(','));
      fs.rmSync(path.join(tmp(), 'out'), { recursive: true });
      fs.mkdirSync(path.join(tmp(), 'out'));
      await expectFailure(['export', store, '--out', out(), '--strict'], 1, /record deep: metadata is not valid JSON.*recursion limit exceeded/);
    });
    it('metadata nested 200 000 levels deep does not crash the metadata filter', async () => {
      await appendWithRawMetadata(store, rec('hostile', 'assistant', 'x', 3), `{"topic": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
      const run = await runCli(['preview', store, '--filter', '{"topic": {"contains": "billing"}}', '--json']);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /RangeError|Maximum call stack|at .*\.js:\d+/);
      assert.match(run.stderr, /record hostile/);
    });
    it('an --out that names the holdout input is refused before anything is read, and the holdout is untouched', async () => {
      const holdout = path.join(tmp(), 'out', 'h.jsonl');
      fs.writeFileSync(holdout, '[1,0,0,0]\n');
      const run = await runCli(['export', store, '--out', holdout, '--holdout', holdout, '--decontaminate-threshold', '0.1']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^lance-curator: --out: the output .*out\/h\.jsonl would overwrite the holdout input .*out\/h\.jsonl; write the export elsewhere$/m);
      assert.equal(fs.readFileSync(holdout, 'utf8'), '[1,0,0,0]\n');
      assert.deepEqual(listFiles(path.join(tmp(), 'out')), ['h.jsonl']);
    });
    it('a manifest or stats file that would replace the holdout is refused too', async () => {
      const holdout = path.join(tmp(), 'out', 'x.jsonl.stats.json');
      fs.writeFileSync(holdout, '[1,0,0,0]\n');
      const run = await runCli(['export', store, '--out', out(), '--stats', '--holdout', holdout, '--decontaminate-threshold', '0.1']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /the stats .*x\.jsonl\.stats\.json would overwrite the holdout input/);
      assert.equal(fs.readFileSync(holdout, 'utf8'), '[1,0,0,0]\n');
    });
    it('an output inside the store is refused', async () => {
      const run = await runCli(['export', store, '--out', path.join(store, 'x.jsonl')]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /lies inside the store/);
      assert.ok(!fs.existsSync(path.join(store, 'x.jsonl')));
    });
    it('an internal failure prints no stack trace', async () => {
      await appendWithRawMetadata(store, rec('a', 'assistant', 'r', 3), '{"reward": ');
      const run = await runCli(['export', store, '--out', out(), '--strict']);
      assert.equal(run.code, 1);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack frames');
    });
    it('a missing --out is a usage error (exit 2)', () => expectFailure(['export', store], 2, /required option '--out <file\.jsonl>' not specified/));
    it('an unknown command is a usage error (exit 2)', () => expectFailure(['exprot', store], 2, /unknown command 'exprot'/));
  });
});
