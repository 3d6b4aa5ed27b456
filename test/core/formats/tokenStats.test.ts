import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadChatTemplate, renderChatTemplate } from '../../../src/core/formats/chatTemplate';
import { convertExample } from '../../../src/core/formats/convertExample';
import { lossMaskOf } from '../../../src/core/formats/lossMask';
import { createTokenCounter } from '../../../src/core/formats/tokenCounter';
import { countLineTokens, estimateMessageTokens, maxTokensReason, tokenSequences, tokenStatsOf } from '../../../src/core/formats/tokenStats';
import { osloRecords, pairedExample, rolloutExample } from './exampleFixtures';

const QWEN = path.join(__dirname, '../../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');

function lineOf(outcomes: ReturnType<typeof convertExample>) {
  assert.ok('line' in outcomes[0]);
  return outcomes[0].line;
}

describe('token statistics', () => {
  it('count a line as the tokens of its exact rendered text', async () => {
    const counter = await createTokenCounter('o200k_base');
    const line = lineOf(convertExample({ form: 'sft', records: osloRecords() }, { flavour: 'trl' }));
    const template = loadChatTemplate(QWEN, { withTools: true });
    const text = renderChatTemplate(template, line.messages as object[], line.tools as object[], { addGenerationPrompt: false });
    assert.equal(countLineTokens('sft', line, counter, template), counter.count(text));
  });

  it('count a preference line as its longer prompt + completion sequence', () => {
    const line = lineOf(convertExample(pairedExample(), { flavour: 'trl' }));
    assert.deepEqual(
      tokenSequences('paired', line).map((s) => s.messages.length),
      [3, 3],
    );
  });

  it('render a rollout prompt with the generation prompt', () => {
    const line = lineOf(convertExample(rolloutExample(), { flavour: 'openai' }));
    assert.deepEqual(tokenSequences('rollout', line).map((s) => s.addGenerationPrompt), [true]);
  });

  it('estimate OpenAI lines as the cookbook does without a template', async () => {
    const counter = await createTokenCounter('cl100k_base');
    // 3 (reply) + 3 + "user" (1) + "hello world" (2) = 9
    assert.equal(estimateMessageTokens(counter, [{ role: 'user', content: 'hello world' }]), 9);
  });

  it('summarise counts with the tokenizer name', () => {
    assert.deepEqual(tokenStatsOf([10, 30, 20], 'o200k_base', 'chat_template'), { tokenizer: 'o200k_base', method: 'chat_template', count: 3, min: 10, median: 20, p95: 30, max: 30, mean: 20 });
  });

  it('write the maxTokens drop reason with grouped thousands', () => {
    assert.equal(maxTokensReason(1283, 1024), '1,283 tokens > 1,024');
    assert.equal(maxTokensReason(1024, 1024), undefined);
  });
});

describe('lossMaskOf', () => {
  it('trains OpenAI assistant messages whose weight is not 0', () => {
    const line = { messages: [{ role: 'user' }, { role: 'assistant', weight: 0 }, { role: 'user' }, { role: 'assistant' }] };
    assert.deepEqual(lossMaskOf('openai', 'sft', line).trainedMessages, [3]);
  });

  it('trains the whole TRL sequence unless assistant-only loss is on', () => {
    const line = { messages: [{ role: 'user' }, { role: 'assistant' }] };
    assert.equal(lossMaskOf('trl', 'sft', line).scope, 'sequence');
    assert.deepEqual(lossMaskOf('trl', 'sft', line, { assistantOnlyLoss: true }).trainedMessages, [1]);
  });

  it('trains only the completion of TRL prompt-completion lines', () => {
    assert.deepEqual(lossMaskOf('trl', 'unpaired', {}), { scope: 'completion', description: 'completion only' });
  });

  it('trains nothing written for rollouts', () => {
    assert.equal(lossMaskOf('trl', 'rollout', {}).scope, 'none');
    assert.equal(lossMaskOf('openai', 'rollout', {}).scope, 'none');
  });
});
