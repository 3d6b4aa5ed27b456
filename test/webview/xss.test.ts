import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { importRecords } from '../../src/core';
import { rec } from '../helpers/records';
import { HostStandIn, useWebviewPage } from './webviewHarness';

/** Record text that would run code, navigate or restyle the page if it were ever treated as markup. */
const PAYLOADS = [
  '<script>window.__xss = true</script>',
  '<img src=x onerror="window.__xss = true">',
  '<a href="javascript:window.__xss = true">click me</a> javascript:window.__xss=true',
  '</textarea><script>window.__xss = true</script>',
  '</style><style>body { display: none !important }</style><svg onload="window.__xss = true">',
  '"><iframe srcdoc="<script>parent.__xss = true</script>">',
  '{{constructor.constructor("window.__xss = true")()}} ${window.__xss = true}',
  'مرحبا بالعالم — שלום עולם — mixed RTL text 😀👩🏽‍💻',
  'x'.repeat(20_000) + ' very long line end',
];

describe('webview XSS safety (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', async (dir) => {
    const store = path.join(dir, 'evil.lance');
    const records = PAYLOADS.flatMap((payload, i) => [
      rec(`u${i}<b>`, 'user', payload, i * 10, {
        session_id: `<img src=x onerror=window.__xss=true>-${i}`,
        tenant: payload.slice(0, 40),
        source: '<script>x</script>',
        embedding: Float32Array.from([0, 0, 0, 1]), // all prompts are near-duplicates of the first
      }),
      rec(`a${i}`, 'assistant', payload, i * 10 + 1, {
        session_id: `<img src=x onerror=window.__xss=true>-${i}`,
        metadata: { reward: 0.9, label: 'chosen', reward_source: '<img src=x onerror=window.__xss=true>', group_id: payload.slice(0, 30) },
        embedding: Float32Array.from([1, i, 0, 0]),
      }),
      rec(`t${i}`, '<i>tool</i>', payload, i * 10 + 2, { session_id: `<img src=x onerror=window.__xss=true>-${i}` }),
      rec(`b${i}`, 'assistant', payload, i * 10 + 3, {
        session_id: `<img src=x onerror=window.__xss=true>-${i}`,
        metadata: { reward: 0.1, label: 'rejected' },
        embedding: Float32Array.from([1, i, 1, 0]),
      }),
    ]);
    await importRecords(store, records, { dim: 4 });
    return store;
  });
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  async function assertInert(): Promise<void> {
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss), false, 'record text executed');
    // querySelectorAll does not look into the toolkit's shadow roots (their icons are SVG), only at our DOM.
    const elements = await page.evaluate(() => document.querySelectorAll('main script, main img, main iframe, main svg, main a, main style, main [onerror], main [onload]').length);
    assert.equal(elements, 0, 'record text became elements');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).display), 'none');
  }

  it('shows SFT transcripts literally and runs nothing', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id' } }));
    const text = await host.listText();
    for (const payload of PAYLOADS.slice(0, 5)) assert.ok(text.includes(payload), `shown literally: ${payload}\n--- page text:\n${text.slice(0, 3000)}`);
    assert.ok(text.includes('مرحبا بالعالم') && text.includes('👩🏽‍💻'));
    assert.ok(text.includes('very long line end'));
    await assertInert();
  });

  it('shows preference pairs, groups, excluded records and record details literally', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'preference', form: 'paired', dedupThreshold: 0.001 } }));
    assert.ok((await page.locator('.side.chosen').first().innerText()).includes('<img src=x onerror'));
    await page.locator('#tab-groups').click();
    await page.locator('.group-row').first().click();
    await page.locator('.group-detail').waitFor();
    assert.match(await page.locator('.group-detail h3').innerText(), /<img src=x onerror=window\.__xss=true>-/);
    await page.locator('#tab-excluded').click();
    await page.locator('#excluded-dedup .record-link').first().click();
    await page.locator('.record-panel').waitFor();
    assert.match(await page.locator('.record-panel').innerText(), /<script>x<\/script>/);
    await page.locator('#tab-charts').click();
    await page.locator('#charts-pane canvas').first().waitFor();
    await assertInert();
  });

  it('never makes record text navigable', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft' } }));
    assert.equal(await page.locator('a').count(), 0);
    const before = page.url();
    await page.getByText('click me', { exact: false }).first().click();
    assert.equal(page.url(), before);
    await assertInert();
  });
});
