import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { OPTION_SPECS } from '../../src/core';
import { addRecords } from '../helpers/records';
import { formatFixtureRecords } from '../core/formats/formatFixtureStore';
import { HostStandIn, useWebviewPage } from './webviewHarness';

describe('preview webview trainer formats (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', (dir) => addRecords(dir, formatFixtureRecords()));
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  it('offers the format picker with the options table\'s choices and recounts with the format picked', async () => {
    await host.recount(() => host.initPreview());
    const values = await page.locator('#format vscode-option').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('value')));
    assert.deepEqual(values, OPTION_SPECS.format.choices!.map((choice) => choice.value));
    const plan = await host.recount(() =>
      page.locator('#format').evaluate((dropdown: HTMLElement & { value: string }) => {
        dropdown.value = 'trl';
        dropdown.dispatchEvent(new Event('change'));
      }),
    );
    const request = host.requests.filter((r) => r.method === 'preview/plan').pop()!;
    assert.equal((request.params as { options: { format: string } }).options.format, 'trl');
    const card = page.locator('.example-trainer').first();
    assert.equal(await card.locator('.format-chip').innerText(), 'TRL');
    assert.equal(await card.locator('.trainer-line').textContent(), plan.output.examples[0].line, 'the line exactly as written');
  });

  it('shows tool calls as call cards with pretty-printed arguments, each linked to its result', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', format: 'openai' } }));
    const card = page.locator('.example-trainer').first();
    const call = card.locator('.call-card');
    assert.equal(await call.count(), 1);
    assert.equal(await call.locator('.call-name').innerText(), 'clock');
    assert.equal(await call.getAttribute('data-call-id'), 'c1');
    assert.equal(await call.locator('.call-args').textContent(), '{\n  "tz": "Europe/Oslo"\n}');
    const link = card.locator('.message.tool-result .result-of');
    assert.equal(await link.getAttribute('data-call-card'), await call.getAttribute('id'));
    await link.click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('call-card') === true);
  });

  it('shows the training text a chat template renders, with its token count and loss scope', async () => {
    const chatTemplate = path.resolve(__dirname, '../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const plan = await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', format: 'trl', tokenizer: 'o200k_base', chatTemplate } }));
    const card = page.locator('.example-trainer').first();
    await card.locator('.rendered-text summary').click();
    assert.equal(await card.locator('.rendered').textContent(), plan.output.examples[0].rendered);
    assert.match(await card.locator('.rendered-text summary').innerText(), new RegExp(`${plan.output.examples[0].renderedTokens} tokens`));
    assert.equal(await card.locator('.loss-scope').innerText(), 'Loss on: whole sequence');
  });

  it('highlights in the training text the part the loss applies to: OpenAI trains the assistant messages', async () => {
    const chatTemplate = path.resolve(__dirname, '../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const plan = await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', format: 'openai', tokenizer: 'o200k_base', chatTemplate } }));
    const card = page.locator('.example-trainer').first();
    await card.locator('.rendered-text summary').click();
    const example = plan.output.examples[0];
    const line = JSON.parse(example.line!) as { messages: { role: string; content?: string; weight?: number }[] };
    const trained = line.messages.filter((m) => m.role === 'assistant' && m.weight !== 0 && typeof m.content === 'string' && m.content !== '').map((m) => m.content as string);
    assert.ok(trained.length > 0);
    assert.deepEqual(await card.locator('.rendered mark.loss-span').allTextContents(), trained);
    assert.equal(await card.locator('.rendered').textContent(), example.rendered, 'the marks only wrap the text');
  });

  it('puts the native line beside the trainer line on request', async () => {
    const plan = await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', format: 'trl' } }));
    const card = page.locator('.example-trainer').first();
    await card.locator('.line-text summary').click();
    assert.equal(await card.locator('.native-line').isVisible(), false);
    await card.locator('.compare-toggle').click();
    assert.equal(await card.locator('.native-line').isVisible(), true);
    assert.equal(await card.locator('.native-line').textContent(), plan.output.examples[0].native);
    assert.equal(await card.locator('.compare-toggle').getAttribute('aria-pressed'), 'true');
  });
});
