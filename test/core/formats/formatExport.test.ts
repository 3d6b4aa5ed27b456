import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CuratorError, CurationSession, defaultOutputName, planExport, resolveExportOptions } from '../../../src/core';
import { addRecords, exportStore } from '../../helpers/records';
import { listFiles, readJson, useTempDir } from '../../helpers/tempDir';
import { formatFixtureRecords, GOLDEN } from './formatFixtureStore';
import { createTokenCounter } from '../../../src/core/formats/tokenCounter';
import { renderChatTemplate } from '../../../src/core/formats/chatTemplate';

const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe('exporting trainer formats', function () {
  this.timeout(60_000);
  const tmp = useTempDir();

  async function exportFixture(options: Parameters<typeof exportStore>[1], file = 'out.jsonl') {
    await addRecords(tmp(), formatFixtureRecords());
    return exportStore(tmp(), options, file);
  }

  it('writes each TRL SFT line exactly as the trainer reads it, tool calls intact', async () => {
    const { out } = await exportFixture({ format: 'trl' });
    assert.deepEqual(linesOf(out), [
      GOLDEN.trlChat,
      '{"messages":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"},{"role":"assistant","content":"5"}]}',
    ]);
  });

  it('writes a provenance sidecar whose line i describes trainer line i', async () => {
    const { out, result } = await exportFixture({ format: 'openai', task: 'preference' });
    assert.equal(result.outputs[0].provenancePath, `${out}.provenance.jsonl`);
    assert.deepEqual(linesOf(out), [GOLDEN.openaiPaired]);
    const sidecar = linesOf(`${out}.provenance.jsonl`).map((line) => JSON.parse(line));
    assert.equal(sidecar.length, 1);
    assert.deepEqual([sidecar[0].group, sidecar[0].form, sidecar[0].reward, sidecar[0].record_ids], ['math', 'paired', 0.9, ['math-r1', 'math-r2', 'math-r3', 'math-r4']]);
    assert.deepEqual(sidecar[0].provenance.external_ids, ['math#message-1', 'math#message-2', 'math#message-3', 'math#message-4']);
  });

  it('names the format in the manifest after export.rs\'s fields, and leaves it out for native lines', async () => {
    const { out } = await exportFixture({ format: 'trl' });
    const manifest = readJson(`${out}.manifest.json`);
    // After export.rs's fields (which end with counts), among the documented extra keys.
    const keys = Object.keys(manifest);
    assert.ok(keys.indexOf('format') > keys.indexOf('counts'), keys.join(','));
    assert.equal(manifest.format, 'trl');
    const native = await exportStore(tmp(), {}, 'native.jsonl');
    assert.ok(!('format' in readJson(`${native.out}.manifest.json`)));
    assert.ok(!fs.existsSync(`${native.out}.provenance.jsonl`));
  });

  it('writes one line per ranked pair, each with its own records in the sidecar', async () => {
    const { out } = await exportFixture({ format: 'trl', task: 'preference', form: 'ranked', rankedPairs: 'all', margin: true });
    const [line] = linesOf(out).map((text) => JSON.parse(text));
    assert.equal(line.margin, 0.9 - 0.2);
    const sidecar = linesOf(`${out}.provenance.jsonl`).map((text) => JSON.parse(text));
    assert.equal(sidecar.length, linesOf(out).length);
    assert.deepEqual(sidecar[0].record_ids, ['math-r1', 'math-r2', 'math-r3', 'math-r4']);
  });

  it('refuses OpenAI unpaired lines before writing anything, naming "unpaired"', async () => {
    await addRecords(tmp(), formatFixtureRecords());
    const before = listFiles(tmp());
    await assert.rejects(exportStore(tmp(), { format: 'openai', task: 'preference', form: 'unpaired', minReward: 0.5 }), (error: unknown) => {
      assert.ok(CuratorError.is(error));
      assert.equal(error.kind, 'usage');
      assert.equal(error.details.option, 'format');
      assert.match(error.message, /"unpaired"/);
      return true;
    });
    assert.deepEqual(listFiles(tmp()), before);
  });

  it('drops examples over the token limit with the count and the limit as reason, and counts only lines written', async () => {
    const { out, result } = await exportFixture({ format: 'trl', tokenizer: 'o200k_base', maxTokens: 40, stats: true });
    const [written] = result.outputs;
    assert.deepEqual(linesOf(out).map((line) => JSON.parse(line).messages.length), [4]);
    assert.equal(written.manifest.counts.examples, 1);
    assert.equal(written.excludedExamples.length, 1);
    assert.equal(written.excludedExamples[0].group, 'chat');
    assert.deepEqual(written.excludedExamples[0].record_ids, ['chat-r1', 'chat-r2', 'chat-r3', 'chat-r4', 'chat-r5']);
    assert.match(written.excludedExamples[0].reason, /^\d+ tokens > 40$/);
    const stats = readJson(`${out}.stats.json`);
    assert.equal(stats.examples, 1);
    assert.equal(stats.excluded_examples, 1);
    assert.equal(stats.example_tokens.tokenizer, 'o200k_base');
    assert.equal(stats.example_tokens.method, 'cookbook_estimate');
    assert.equal(stats.example_tokens.count, 1);
    assert.ok(stats.tokens, "export.rs's per-record tokens block is kept");
  });

  it('counts each TRL line as rendered through the chat template, tools included', async () => {
    const template = path.resolve(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const { out, result } = await exportFixture({ format: 'trl', tokenizer: 'o200k_base', chatTemplate: template, stats: true });
    assert.equal(linesOf(out)[0], GOLDEN.trlChat, 'the tool-calling chat renders and is kept');
    const counter = await createTokenCounter('o200k_base');
    const expected = linesOf(out).map((text) => {
      const line = JSON.parse(text);
      return counter.count(renderChatTemplate(template, line.messages, line.tools, { addGenerationPrompt: false }));
    });
    const tokens = result.outputs[0].stats.example_tokens!;
    assert.equal(tokens.method, 'chat_template');
    assert.deepEqual([tokens.min, tokens.max], [Math.min(...expected), Math.max(...expected)]);
    assert.equal(readJson(`${out}.manifest.json`).chat_template, template);
  });

  it('counts the same tokens with a template as a .jinja file as inside its tokenizer_config.json', async () => {
    const config = path.resolve(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const jinja = path.join(tmp(), 'q.jinja');
    fs.writeFileSync(jinja, readJson(config).chat_template);
    assert.match(fs.readFileSync(jinja, 'utf8'), /^\{%-/, 'the template starts as most do, with a Jinja tag');
    await addRecords(tmp(), formatFixtureRecords());
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      const counts = async (chatTemplate: string) => {
        const plan = await planExport(session, { format: 'trl', tokenizer: 'o200k_base', chatTemplate, stats: true });
        return { examples: plan.output.examples.map((e) => e.tokens), stats: plan.output.stats.example_tokens };
      };
      const fromJinja = await counts(jinja);
      assert.equal(fromJinja.stats!.method, 'chat_template');
      assert.ok(fromJinja.examples.every((tokens) => typeof tokens === 'number' && tokens > 0));
      assert.deepEqual(fromJinja, await counts(config));
    } finally {
      await session.close();
    }
  });

  it('previews a trainer line with its loss scope and, with a chat template, its rendered training text', async () => {
    await addRecords(tmp(), formatFixtureRecords());
    const template = path.resolve(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      const plan = await planExport(session, { format: 'trl', tokenizer: 'o200k_base', chatTemplate: template });
      const [chat] = plan.output.examples;
      const line = JSON.parse(chat.line);
      assert.equal(chat.rendered, renderChatTemplate(template, line.messages, line.tools, { addGenerationPrompt: false }));
      assert.match(chat.rendered!, /<tools>[\s\S]*"name": ?"clock"/);
      assert.equal(chat.loss, 'whole sequence');
    } finally {
      await session.close();
    }
  });

  it('counts tokens of native lines without changing a byte of them', async () => {
    const plain = await exportFixture({ task: 'preference' }, 'plain.jsonl');
    const counted = await exportStore(tmp(), { task: 'preference', tokenizer: 'cl100k_base', stats: true }, 'counted.jsonl');
    assert.equal(fs.readFileSync(counted.out, 'utf8'), fs.readFileSync(plain.out, 'utf8'));
    assert.equal(readJson(`${counted.out}.stats.json`).example_tokens.tokenizer, 'cl100k_base');
  });

  it('writes a provenance sidecar beside each side of a split', async () => {
    const { result } = await exportFixture({ format: 'trl', splitEval: 0.5, splitBy: 'session_id', splitSeed: '3' });
    for (const output of result.outputs) {
      assert.equal(linesOf(output.provenancePath!).length, linesOf(output.path).length, output.side);
    }
  });

  it('plans the trainer lines, their native lines and the dropped examples without writing', async () => {
    await addRecords(tmp(), formatFixtureRecords());
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      const plan = await planExport(session, { format: 'openai', tokenizer: 'o200k_base', maxTokens: 40 });
      assert.equal(plan.format, 'openai');
      assert.equal(plan.output.decidedExamples, 2);
      assert.equal(plan.output.counts.examples, 1);
      assert.equal(plan.output.excludedExamples.length, 1);
      const [example] = plan.output.examples;
      assert.ok(example.line.startsWith('{"messages":[{"role":"system","content":"Answer with a number."}'));
      assert.match(example.native!, /^\{"messages":\[\{"role":"system","content":"Answer with a number\."\}.*"provenance":\{/);
      assert.equal(JSON.parse(example.provenance!).group, 'math');
      assert.equal(typeof example.tokens, 'number');
      assert.equal(plan.output.charts, undefined);
    } finally {
      await session.close();
    }
  });
});

describe('format options', () => {
  it('carry the format in default file names', () => {
    assert.equal(defaultOutputName('demo.lance', { task: 'preference', format: 'trl' }), 'demo-preference-paired.trl.jsonl');
    assert.equal(defaultOutputName('demo.lance', { task: 'preference' }), 'demo-preference-paired.jsonl');
  });

  it('refuse a token limit without a tokenizer, naming the tokenizer option', () => {
    assert.throws(() => resolveExportOptions({ maxTokens: 1024 }), (error: unknown) => CuratorError.is(error) && error.details.option === 'tokenizer');
  });

  it('refuse a margin on other formats than TRL', () => {
    assert.throws(() => resolveExportOptions({ format: 'openai', margin: true }), (error: unknown) => CuratorError.is(error) && error.details.option === 'margin');
  });

  it('resolve trainer formats with best-worst ranked pairs by default', () => {
    const resolved = resolveExportOptions({ format: 'trl' });
    assert.deepEqual([resolved.format, resolved.rankedPairs, resolved.margin], ['trl', 'best-worst', false]);
    assert.equal(resolveExportOptions({}).format, 'native');
  });
});
