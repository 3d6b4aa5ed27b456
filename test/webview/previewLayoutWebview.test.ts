import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { createTokenCounter } from '../../src/core/formats/tokenCounter';
import { buildDemoStore } from '../../src/core';
import { HostStandIn, useWebviewPage } from './webviewHarness';

describe('preview layout (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', async (dir) => (await buildDemoStore(dir)).store);
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  it('keeps every funnel reason and hidden note visible at 600 px, wrapped under the bar', async () => {
    await page.setViewportSize({ width: 600, height: 900 });
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', minReward: 0.5 } }));
    const reasons = await page.locator('#funnel .stage-removed').evaluateAll((nodes) =>
      nodes
        .filter((node) => node.textContent)
        .map((node) => {
          const box = node.getBoundingClientRect();
          const bar = node.parentElement!.querySelector('.stage-bar')?.getBoundingClientRect();
          return { text: node.textContent!, width: box.width, right: box.right, below: bar ? box.top >= bar.bottom - 0.5 : true, clipped: (node as HTMLElement).scrollWidth > (node as HTMLElement).clientWidth + 1 };
        }),
    );
    assert.ok(reasons.some((r) => r.text.startsWith('−') && r.text.includes('hidden')), `the listing's hidden note is there: ${JSON.stringify(reasons)}`);
    assert.ok(reasons.some((r) => /below the min reward/.test(r.text)));
    for (const reason of reasons) {
      assert.ok(reason.width > 0 && reason.right <= 600 && !reason.clipped, `visible in full: ${JSON.stringify(reason)}`);
      assert.ok(reason.below, `under the bar: ${reason.text}`);
    }
  });

  it('keeps the counts summary and Write files in view while the page scrolls', async () => {
    await page.setViewportSize({ width: 1200, height: 600 });
    const plan = await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => window.scrollY > 200);
    const write = await page.locator('#write-files').boundingBox();
    assert.ok(write && write.y >= 0 && write.y + write.height <= 600, `Write files in view: ${JSON.stringify(write)}`);
    assert.ok(await page.locator('#write-files').isEnabled());
    assert.equal(await page.locator('#counts-summary').innerText(), `${plan.output.counts.examples} examples from ${plan.output.counts.input_records} listed records`);
    const summary = await page.locator('#counts-summary').boundingBox();
    assert.ok(summary && summary.y >= 0 && summary.y < 600);
  });

  it('blames a filter key no record has when the filter leaves nothing, not the eval fraction', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', filter: '{"tenat": "acme"}', splitEval: 0.1 } }));
    assert.equal(await page.locator('#write-files').getAttribute('disabled'), '');
    assert.match(await page.locator('#write-reason').innerText(), /^Nothing to write: your filter leaves no record: a filter key matches no column/);
    assert.doesNotMatch(await page.locator('#funnel').innerText(), /raise the eval fraction/);
  });

  it('disables Write when every group is skipped, with the groups\' reasons', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'paired', groupBy: 'session_id', filter: '{"session_id": "faq-001"}' } }));
    assert.equal(await host.shownExamples(), 0);
    assert.equal(await page.locator('#write-files').getAttribute('disabled'), '');
    assert.match(await page.locator('#write-reason').innerText(), /^Nothing to write: no group gives an example: 1 group/);
  });

  it('says a missing holdout file under its field, in words, not as ENOENT in the status line', async () => {
    const missing = path.join(suite.dir, 'ws', 'holdout.jsonl');
    await host.initPreview({ options: { task: 'sft', groupBy: 'session_id', holdout: missing, decontaminateThreshold: 0.05 } });
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'error');
    assert.equal(await page.locator('#holdout-error').innerText(), `holdout.jsonl not found in ${path.join(suite.dir, 'ws')}`);
    const status = await page.locator('#status').innerText();
    assert.match(status, /^Cannot count: see Holdout/);
    assert.doesNotMatch(status, /ENOENT/);
    assert.equal(await page.locator('#write-files').getAttribute('disabled'), '');
  });

  it('gives the training text of a preference pair its own token count, and says the line counts its longest sequence', async () => {
    const chatTemplate = path.resolve(__dirname, '../fixtures/chat-templates/qwen2.5-tools/tokenizer_config.json');
    const plan = await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'paired', groupBy: 'session_id', format: 'trl', tokenizer: 'o200k_base', chatTemplate } }));
    // The demo's first pair whose rejected side is the longer sequence (the trial's 54 vs 70 tokens).
    const index = plan.output.examples.findIndex((e) => e.tokens! > e.renderedTokens!);
    assert.ok(index >= 0, 'a pair whose rejected side is longer');
    const example = plan.output.examples[index];
    const counter = await createTokenCounter('o200k_base');
    assert.equal(example.renderedTokens, counter.count(example.rendered!), 'the count of the text shown (prompt + chosen)');
    const card = page.locator(`.example-trainer[data-index="${index}"]`);
    await host.scrollListTo(`.example-trainer[data-index="${index}"]`);
    await card.locator('.rendered-text summary').click();
    assert.equal(await card.locator('.rendered-text summary').innerText(), `Training text (chat template, prompt + chosen) · ${example.renderedTokens} tokens`);
    assert.equal(await card.locator('.line-tokens-note').innerText(), `The line counts ${example.tokens} tokens: its longest sequence (prompt + rejected), which the token limit is checked against.`);
  });


  it('shows every value that applies as applying: the eval fraction, a default threshold, and "off" for an unset one', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', textDedup: 'minhash' } }));
    await host.recount(() => page.locator('#split-enabled').click());
    assert.equal(await page.locator('#split-eval').evaluate((field: HTMLElement & { value: string }) => field.value), '0.1');
    assert.equal(await page.locator('#text-dedup-threshold-note').innerText(), 'default 0.8 applies');
    assert.equal(await page.locator('#text-dedup-threshold-slider').evaluate((input: HTMLInputElement) => [input.value, input.classList.contains('inactive')].join()), '0.8,true');
    assert.equal(await page.locator('#dedup-threshold-note').innerText(), 'off');
    await host.recount(() => page.locator('#dedup-threshold-enabled').click());
    assert.equal(await page.locator('#dedup-threshold-note').innerText(), '');
    assert.equal(await page.locator('#dedup-threshold-slider').evaluate((input: HTMLInputElement) => input.classList.contains('inactive')), false);
  });

  it('says what the median tokens figure counts', async () => {
    const plan = await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    await page.locator('#tab-charts').click();
    const figure = page.locator('[data-figure="median tokens per record"]');
    assert.equal(plan.output.stats.tokens!.source, 'mixed');
    assert.equal(await figure.locator('.figure-note').innerText(), 'logged tokens_used where present, else words');
  });

  it('draws card buttons in the theme\'s secondary button colours', async () => {
    await page.evaluate(() => {
      document.body.style.setProperty('--vscode-button-secondaryBackground', 'rgb(1, 2, 3)');
      document.body.style.setProperty('--vscode-button-secondaryForeground', 'rgb(250, 251, 252)');
    });
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', format: 'trl' } }));
    const colours = await page.locator('.compare-toggle').first().evaluate((button) => [getComputedStyle(button).backgroundColor, getComputedStyle(button).color]);
    assert.deepEqual(colours, ['rgb(1, 2, 3)', 'rgb(250, 251, 252)']);
  });

  it('marks chart hints with the codicon info icon, its font loaded under the CSP (no ⓘ character)', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    await page.locator('#tab-charts').click();
    const icon = page.locator('figcaption .hint.codicon.codicon-info').first();
    await icon.waitFor();
    assert.equal(await icon.innerText(), '', 'the glyph comes from the font, not a character');
    assert.match(await icon.evaluate((node) => getComputedStyle(node).fontFamily), /codicon/);
    assert.equal(await icon.evaluate((node) => getComputedStyle(node, '::before').content), '"\uea74"', 'the codicon-info glyph');
    const loaded = await page.evaluate(async () => {
      await document.fonts.load('16px codicon');
      return [...document.fonts].filter((font) => font.family.replace(/"/g, '') === 'codicon').map((font) => font.status);
    });
    assert.deepEqual(loaded, ['loaded'], 'the codicon font is shipped and allowed by the CSP');
    assert.doesNotMatch(await page.locator('#charts-pane').innerText(), /ⓘ/);
  });

  it('lists the hidden records by rule in one fixed order', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    const note = await page.locator('[data-stage="input"] .stage-removed').innerText();
    const order = ['tombstone', 'expired', 'retired', 'superseded'].map((rule) => note.indexOf(rule));
    assert.ok(order.every((at) => at >= 0), note);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `rules in the table's order: ${note}`);
  });
});
