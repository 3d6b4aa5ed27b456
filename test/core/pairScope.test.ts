import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationSession, ExportOptions, planExport } from '../../src/core';
import { ingestedContextRecords } from './formats/ingestedStore';
import { addRecords, exportStore } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';
import { runCli } from '../helpers/cli';

const lookup = (id: string, customer: string) => ({ id, type: 'function', function: { name: 'lookup_invoice', arguments: JSON.stringify({ customer }) } });

/** A billing chat of three turns: two tool calls answer the first question, two final answers the tool result, two answers the second question. */
const INVOICE: Record<string, unknown>[] = [
  { role: 'system', content: 'You are a billing assistant.' },
  { role: 'user', content: 'Could you share the invoice number?' },
  { role: 'assistant', content: null, tool_calls: [lookup('c1', 'acme')] },
  { role: 'assistant', content: null, tool_calls: [lookup('c2', 'ACME Inc')] },
  { role: 'tool', tool_call_id: 'c1', content: 'INV-042' },
  { role: 'assistant', content: 'The invoice number is INV-042.' },
  { role: 'assistant', content: 'I cannot find it.' },
  { role: 'user', content: 'And when is it due?' },
  { role: 'assistant', content: 'It is due on 30 June.' },
  { role: 'assistant', content: 'No idea.' },
];
const INVOICE_REWARDS: Record<number, number> = { 2: 0.9, 3: 0.2, 5: 0.8, 6: 0.1, 8: 0.7, 9: 0.3 };

/** One question answered by a tool call (the best reward) and two final answers. */
const MIXED: Record<string, unknown>[] = [
  { role: 'user', content: 'What is my balance?' },
  { role: 'assistant', content: null, tool_calls: [lookup('m1', 'acme')] },
  { role: 'assistant', content: 'Your balance is 12 EUR.' },
  { role: 'assistant', content: 'Balance unknown.' },
];
const MIXED_REWARDS: Record<number, number> = { 1: 0.95, 2: 0.6, 3: 0.2 };

const ids = (prefix: string, ...n: number[]) => n.map((i) => `${prefix}-r${i}`);
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1).map((line) => JSON.parse(line));

describe('--pair-scope (issue 17 item 5)', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  beforeEach(() =>
    addRecords(tmp(), [
      ...ingestedContextRecords('inv', INVOICE, { session: 'inv', start: 0, metadata: (i) => (INVOICE_REWARDS[i] !== undefined ? { reward: INVOICE_REWARDS[i] } : undefined) }),
      ...ingestedContextRecords('mix', MIXED, { session: 'mix', start: 100, metadata: (i) => (MIXED_REWARDS[i] !== undefined ? { reward: MIXED_REWARDS[i] } : undefined) }),
    ]),
  );
  const preference = (options: ExportOptions = {}): ExportOptions => ({ task: 'preference', groupBy: 'session_id', ...options });
  const plan = async (options: ExportOptions) => {
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'));
    try {
      return await planExport(session, options);
    } finally {
      await session.close();
    }
  };

  it('flags a group-scope pair whose candidates answer different turns, naming the turns, and writes the line unchanged', async () => {
    const planned = await plan(preference());
    const [invoice, mixed] = planned.output.examples;
    assert.deepEqual(invoice.flags, ['candidates_span_turns']);
    assert.deepEqual(invoice.turns, [
      { turn: 1, opener: 'inv-r2', candidates: ['inv-r3'] },
      { turn: 2, opener: 'inv-r5', candidates: ['inv-r7'] },
    ]);
    assert.equal(mixed.flags, undefined, 'a tool call against a final answer to the same question answers one turn');
    assert.deepEqual(planned.output.notes.flagged, { candidates_span_turns: 1 });
    const native = JSON.parse(invoice.line);
    assert.deepEqual(native.provenance.record_ids, ids('inv', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), "export.rs's line: the whole group");
    assert.equal(native.rejected[0].content, 'I cannot find it.');
  });

  it('keeps group scope byte for byte what it wrote before (the default)', async () => {
    const byDefault = await exportStore(tmp(), preference(), 'default.jsonl');
    const group = await exportStore(tmp(), preference({ pairScope: 'group' }), 'group.jsonl');
    assert.equal(fs.readFileSync(group.out, 'utf8'), fs.readFileSync(byDefault.out, 'utf8'));
  });

  it('turn scope: one pair per prompt, earlier turns contributing their best candidate, provenance listing prompt and candidates', async () => {
    const { out } = await exportStore(tmp(), preference({ pairScope: 'turn' }));
    const written = lines(out);
    const inv = written.filter((line) => line.provenance.session_id === 'inv');
    assert.equal(inv.length, 3);
    const contents = (messages: { content: string }[]) => messages.map((m) => m.content);
    assert.deepEqual(contents(inv[0].prompt), ['You are a billing assistant.', 'Could you share the invoice number?']);
    assert.match(inv[0].chosen[0].content, /"customer\\":\\"acme\\"/, 'the two tool calls compete');
    assert.match(inv[0].rejected[0].content, /ACME Inc/);
    assert.deepEqual(inv[0].provenance.record_ids, ids('inv', 1, 2, 3, 4));

    assert.deepEqual(inv[1].prompt.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'tool'], 'the best tool call stands for turn 1');
    assert.match(inv[1].prompt[2].content, /"acme\\"/);
    assert.deepEqual([inv[1].chosen[0].content, inv[1].rejected[0].content], ['The invoice number is INV-042.', 'I cannot find it.']);
    assert.deepEqual(inv[1].provenance.record_ids, ids('inv', 1, 2, 3, 5, 6, 7));

    assert.deepEqual(contents(inv[2].prompt).slice(4), ['The invoice number is INV-042.', 'And when is it due?']);
    assert.deepEqual([inv[2].chosen[0].content, inv[2].rejected[0].content], ['It is due on 30 June.', 'No idea.']);
    assert.deepEqual(inv[2].provenance.record_ids, ids('inv', 1, 2, 3, 5, 6, 8, 9, 10));

    const mix = written.filter((line) => line.provenance.session_id === 'mix');
    assert.deepEqual(mix.length, 1, 'the lone tool call has nothing to be compared with');
    assert.deepEqual([mix[0].chosen[0].content, mix[0].rejected[0].content], ['Your balance is 12 EUR.', 'Balance unknown.']);
    assert.deepEqual(mix[0].provenance.record_ids, ids('mix', 1, 3, 4));

    assert.equal((await plan(preference({ pairScope: 'turn' }))).output.notes.flagged.candidates_span_turns, undefined, 'nothing spans turns');
  });

  it('turn scope in TRL: tool calls and results rebuilt in the prompt, tool calls compared with tool calls', async () => {
    const { out } = await exportStore(tmp(), preference({ pairScope: 'turn', format: 'trl' }));
    const [first, second, third] = lines(out);
    assert.deepEqual(first.chosen[0].tool_calls[0].function, { name: 'lookup_invoice', arguments: { customer: 'acme' } });
    assert.deepEqual(first.rejected[0].tool_calls[0].function.arguments, { customer: 'ACME Inc' });
    assert.deepEqual(second.prompt.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(second.prompt[2].tool_calls[0].function.name, 'lookup_invoice');
    assert.equal(second.prompt[3].content, 'INV-042');
    assert.deepEqual(third.prompt.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant', 'user'], 'one user message per turn, not three in a row');
    const sidecar = lines(`${out}.provenance.jsonl`);
    assert.deepEqual(sidecar[1].record_ids, ids('inv', 1, 2, 3, 5, 6, 7));
  });

  it('turn scope in OpenAI DPO: the prompt keeps the call and its result, linked by id', async () => {
    const { out, result } = await exportStore(tmp(), preference({ pairScope: 'turn', format: 'openai' }));
    const written = lines(out);
    const second = written.find((line) => line.preferred_output[0].content === 'The invoice number is INV-042.');
    assert.ok(second, `lines: ${JSON.stringify(written)}; dropped: ${JSON.stringify(result.outputs[0].excludedExamples)}`);
    const messages = second.input.messages;
    assert.deepEqual(messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(messages[3].tool_call_id, messages[2].tool_calls[0].id);
    assert.deepEqual(second.non_preferred_output, [{ role: 'assistant', content: 'I cannot find it.' }]);
  });

  it('refuses a pair scope without the preference task', async () => {
    await assert.rejects(plan({ task: 'sft', pairScope: 'turn' }), /pair scope needs the preference task/);
  });

  it('preview --json marks flagged examples beside their lines and counts them', async () => {
    const run = await runCli(['preview', path.join(tmp(), 'ctx.lance'), '--task', 'preference', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.example_notes.flagged, { candidates_span_turns: 1 });
    assert.deepEqual(json.example_flags[0].flags, ['candidates_span_turns']);
    assert.deepEqual(json.example_flags[0].turns.map((t: { turn: number }) => t.turn), [1, 2]);
    assert.equal(json.example_flags[1], null);
    assert.equal(json.examples[0].flags, undefined, 'the line itself is as written');
  });
});
