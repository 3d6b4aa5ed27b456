import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { addRecords } from '../helpers/records';
import { listFiles, readJson, useTempDir } from '../helpers/tempDir';
import { formatFixtureRecords, GOLDEN } from '../core/formats/formatFixtureStore';

const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe('lance-curator --format', function () {
  this.timeout(120_000);
  const tmp = useTempDir();
  let store: string;
  beforeEach(async () => {
    store = await addRecords(tmp(), formatFixtureRecords());
  });

  it('export --format trl writes the golden TRL lines and a line-aligned provenance sidecar', async () => {
    const out = path.join(tmp(), 'sft.trl.jsonl');
    const run = await runCli(['export', store, '--out', out, '--format', 'trl']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(linesOf(out)[0], GOLDEN.trlChat);
    const sidecar = linesOf(`${out}.provenance.jsonl`).map((line) => JSON.parse(line));
    assert.deepEqual(sidecar.map((line) => line.group), ['chat', 'math']);
    assert.equal(readJson(`${out}.manifest.json`).format, 'trl');
    assert.match(run.stdout, /provenance .*sft\.trl\.jsonl\.provenance\.jsonl/);
  });

  it('export --format trl refuses a benchmark that is its own provenance sidecar, leaving the file alone', async () => {
    const out = path.join(tmp(), 'o.jsonl');
    const bench = `${out}.provenance.jsonl`;
    const text = `${JSON.stringify({ text: 'what is the capital city of the small country that borders the northern sea coast' })}\n`;
    fs.writeFileSync(bench, text);
    const run = await runCli(['export', store, '--out', out, '--format', 'trl', '--benchmark', bench]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^lance-curator: --out: the provenance .*o\.jsonl\.provenance\.jsonl would overwrite the benchmarks input .*o\.jsonl\.provenance\.jsonl; write the export elsewhere$/m);
    assert.equal(fs.readFileSync(bench, 'utf8'), text);
    assert.deepEqual(listFiles(tmp()).filter((file) => file.startsWith('o.jsonl')), ['o.jsonl.provenance.jsonl']);
  });

  it('export --format trl lists its provenance sidecar among the run record\'s outputs', async () => {
    const out = path.join(tmp(), 'sft.trl.jsonl');
    assert.equal((await runCli(['export', store, '--out', out, '--format', 'trl'])).code, 0);
    assert.deepEqual(readJson(`${out}.run.json`).outputs, [out, `${out}.provenance.jsonl`, `${out}.manifest.json`, `${out}.run.json`]);
  });

  it('export --format openai writes the golden OpenAI SFT and DPO lines', async () => {
    const sft = path.join(tmp(), 'sft.openai.jsonl');
    assert.equal((await runCli(['export', store, '--out', sft, '--format', 'openai'])).code, 0);
    assert.equal(linesOf(sft)[0], GOLDEN.openaiChat);
    const dpo = path.join(tmp(), 'dpo.openai.jsonl');
    const run = await runCli(['export', store, '--out', dpo, '--format', 'openai', '--task', 'preference']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(linesOf(dpo), [GOLDEN.openaiPaired]);
  });

  it('export --format openai --form unpaired fails naming "unpaired" and writes no file', async () => {
    const out = path.join(tmp(), 'kto.openai.jsonl');
    const before = listFiles(tmp());
    const run = await runCli(['export', store, '--out', out, '--format', 'openai', '--task', 'preference', '--form', 'unpaired', '--min-reward', '0.5']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /--format: .*"unpaired"/);
    assert.deepEqual(listFiles(tmp()), before);
  });

  it('preview --json lists examples over --max-tokens apart, with group, records and reason', async () => {
    const run = await runCli(['preview', store, '--format', 'trl', '--tokenizer', 'o200k_base', '--max-tokens', '40', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.equal(plan.format, 'trl');
    assert.deepEqual(plan.format_stage, { planned_examples: 2, dropped: 1, lines: 1 });
    assert.equal(plan.counts.examples, 1);
    assert.equal(plan.excluded_examples.length, 1);
    assert.equal(plan.excluded_examples[0].group, 'chat');
    assert.match(plan.excluded_examples[0].reason, /^\d+ tokens > 40$/);
    assert.equal(plan.stats.example_tokens.tokenizer, 'o200k_base');
    assert.ok(!('excluded_examples' in plan.excluded), 'record-level exclusions stay apart');
  });

  it('--max-tokens without --tokenizer is refused naming --tokenizer', async () => {
    const run = await runCli(['export', store, '--out', path.join(tmp(), 'x.jsonl'), '--max-tokens', '100']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--tokenizer: a token limit needs a tokenizer/);
  });
});
