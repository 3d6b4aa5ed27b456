import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { CuratorError } from '../../../src/core/errors';
import { loadChatTemplate, renderChatTemplate } from '../../../src/core/formats/chatTemplate';
import { convertExample } from '../../../src/core/formats/convertExample';
import { osloRecords, partsRecords, weatherRecords } from './exampleFixtures';

const QWEN = path.join(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');

function sftLine(records: ReturnType<typeof osloRecords>) {
  const [outcome] = convertExample({ form: 'sft', records }, { flavour: 'trl' });
  assert.ok('line' in outcome, 'line' in outcome ? '' : outcome.dropped);
  return outcome.line as { messages: object[]; tools?: object[] };
}

describe('renderChatTemplate', () => {
  it('renders a TRL SFT line with a tool call through a Qwen2.5-style template exactly', () => {
    const line = sftLine(osloRecords());
    const text = renderChatTemplate(QWEN, line.messages, line.tools, { addGenerationPrompt: false });
    assert.equal(
      text,
      '<|im_start|>system\nYou tell the time.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n' +
        'You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n' +
        '{"type": "function", "function": {"name": "clock", "parameters": {"type": "object", "properties": {"tz": {"type": "string"}}}}}\n</tools>\n\n' +
        'For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n' +
        '{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n' +
        '<|im_start|>user\nTime in Oslo?<|im_end|>\n' +
        '<|im_start|>assistant\n<tool_call>\n{"name": "clock", "arguments": {"tz": "Europe/Oslo"}}\n</tool_call><|im_end|>\n' +
        '<|im_start|>user\n<tool_response>\n14:02\n</tool_response><|im_end|>\n' +
        '<|im_start|>assistant\nIt is 14:02.<|im_end|>\n',
    );
  });

  it('renders every TRL SFT fixture line, calls and results included', () => {
    for (const records of [osloRecords(), weatherRecords(), partsRecords()]) {
      const line = sftLine(records);
      const text = renderChatTemplate(QWEN, line.messages, line.tools, { addGenerationPrompt: false });
      for (const message of line.messages as { content?: string; tool_calls?: { function: { name: string } }[] }[]) {
        if (message.content) assert.ok(text.includes(message.content), `missing ${message.content}`);
        for (const call of message.tool_calls ?? []) assert.ok(text.includes(`{"name": "${call.function.name}", "arguments": {`), `missing call ${call.function.name}`);
      }
    }
  });

  it('shows the parallel weather calls and both results', () => {
    const line = sftLine(weatherRecords());
    const text = renderChatTemplate(QWEN, line.messages, line.tools, { addGenerationPrompt: false });
    assert.ok(text.includes('<|im_start|>assistant\nLet me check.\n<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>\n<tool_call>\n{"name": "weather", "arguments": {"city": "Rome"}}\n</tool_call><|im_end|>'));
    assert.ok(text.includes('<|im_start|>user\n<tool_response>\n18C\n</tool_response>\n<tool_response>\n24C\n</tool_response><|im_end|>'));
  });

  it('adds the generation prompt when asked', () => {
    const text = renderChatTemplate(QWEN, [{ role: 'user', content: 'Hi' }], undefined, { addGenerationPrompt: true });
    assert.ok(text.endsWith('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n'));
  });

  it('takes template source as well as a config path', () => {
    assert.equal(renderChatTemplate('{% for m in messages %}[{{ m.role }}]{% endfor %}{{ eos_token }}', [{ role: 'user' }], undefined, { addGenerationPrompt: false }), '[user]');
  });

  it('reads bos and eos tokens from the config', () => {
    assert.equal(loadChatTemplate(QWEN).eosToken, '<|im_end|>');
  });

  it('turns a template that raises into an input error naming where it came from', () => {
    assert.throws(
      () => renderChatTemplate("{{ raise_exception('roles must alternate') }}", [], undefined, { addGenerationPrompt: false }),
      (e: unknown) => CuratorError.is(e, 'input') && /inline failed: .*roles must alternate/.test(e.message),
    );
  });

  it('loads a bare Jinja file whose template starts with a tag, as the one inside the tokenizer config', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jinja-'));
    try {
      const file = path.join(dir, 'q.jinja');
      const config = loadChatTemplate(QWEN);
      fs.writeFileSync(file, config.source);
      assert.deepEqual(loadChatTemplate(file), { source: config.source, origin: file });
      const messages = [{ role: 'user', content: 'hi' }];
      assert.equal(renderChatTemplate(file, messages, undefined, { addGenerationPrompt: true }), renderChatTemplate(QWEN, messages, undefined, { addGenerationPrompt: true }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a config without a chat template', () => {
    assert.throws(() => loadChatTemplate(path.join(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer.json')), /has no chat_template/);
  });
});
