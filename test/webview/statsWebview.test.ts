import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { buildDemoStore, CurationSession, exportTraining } from '../../src/core';
import { HostStandIn, paintedCanvases, useWebviewPage } from './webviewHarness';

describe('stats editor webview (Chromium)', function () {
  this.timeout(120_000);
  let out: string;
  const suite = useWebviewPage('stats', async (dir) => {
    const demo = await buildDemoStore(dir);
    const session = await CurationSession.open(demo.store);
    out = path.join(dir, 'rl.jsonl');
    await exportTraining(session, { task: 'rollout', stats: true, splitEval: 0.25, minReward: 0.5 }, out);
    const bench = path.join(dir, 'bench.jsonl');
    fs.writeFileSync(bench, `${JSON.stringify({ text: 'what is the capital city of the small country that borders the northern sea coast' })}\n`);
    await exportTraining(session, { task: 'sft', stats: true, textDedup: 'minhash', benchmark: [bench] }, path.join(dir, 'text.jsonl'));
    await session.close();
    return demo.store;
  });
  let page: Page;
  let host: HostStandIn;
  beforeEach(async () => {
    ({ page, host } = suite);
    await host.waitForSent('stats/ready');
  });

  const train = () => out.replace(/\.jsonl$/, '.train.jsonl');

  it('renders the summary figures and draws the charts of a stats report', async () => {
    const stats = fs.readFileSync(`${train()}.stats.json`, 'utf8');
    host.sendStats({ fileName: 'rl.train.jsonl.stats.json', statsText: stats });
    await page.locator('canvas').first().waitFor();
    const parsed = JSON.parse(stats);
    assert.equal(await page.locator('[data-figure="examples"] dd').innerText(), String(parsed.examples));
    const ids = await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => (f as HTMLElement).dataset.chart));
    for (const id of ['records-per-group', 'reward', 'tokens', 'by-role', 'by-source', 'by-tenant', 'reward-sources', 'excluded']) assert.ok(ids.includes(id), id);
    const { total, painted } = await paintedCanvases(page.locator('canvas'));
    assert.ok(total >= 8 && painted === total, `${painted} of ${total} canvases have pixels`);
    assert.equal(await page.locator('.manifest').count(), 0);
  });

  it('shows the manifest beside the stats, with the split and the counts as a funnel', async () => {
    host.sendStats({
      fileName: 'rl.train.jsonl.stats.json',
      statsText: fs.readFileSync(`${train()}.stats.json`, 'utf8'),
      manifest: { fileName: 'rl.train.jsonl.manifest.json', text: fs.readFileSync(`${train()}.manifest.json`, 'utf8') },
    });
    await page.locator('.manifest').waitFor();
    const text = await page.locator('.manifest').innerText();
    assert.match(text, /train side, eval fraction 0\.25, by session_id, seed 0/);
    assert.match(text, /min reward\s+0\.5/);
    assert.equal(await page.locator('.manifest figure[data-chart="funnel"] canvas').count(), 1);
  });

  it("lists every stage of the manifest's counts in its funnel, the text and n-gram stages included", async () => {
    const dir = path.dirname(out);
    host.sendStats({
      fileName: 'text.jsonl.stats.json',
      statsText: fs.readFileSync(path.join(dir, 'text.jsonl.stats.json'), 'utf8'),
      manifest: { fileName: 'text.jsonl.manifest.json', text: fs.readFileSync(path.join(dir, 'text.jsonl.manifest.json'), 'utf8') },
    });
    const label = await page.locator('.manifest figure[data-chart="funnel"] canvas').getAttribute('aria-label');
    const stages = ['listed', 'lifecycle', 'reward filter', 'exact text dedup', 'MinHash text dedup', 'dedup', 'decontamination', 'n-gram decontamination', 'examples'];
    let at = 0;
    for (const stage of stages) {
      const found = label!.indexOf(`${stage} `, at);
      assert.ok(found >= 0, `${stage} after position ${at} in: ${label}`);
      at = found + stage.length;
    }
  });

  it('re-renders when the file changes', async () => {
    const stats = JSON.parse(fs.readFileSync(`${train()}.stats.json`, 'utf8'));
    host.sendStats({ fileName: 'a.stats.json', statsText: JSON.stringify(stats) });
    await page.locator('[data-figure="examples"]').waitFor();
    host.sendStats({ fileName: 'a.stats.json', statsText: JSON.stringify({ ...stats, examples: 12345 }) });
    await page.waitForFunction(() => document.querySelector('[data-figure="examples"] dd')?.textContent === '12,345');
  });

  it('explains invalid JSON and offers to open the file as text', async () => {
    host.sendStats({ fileName: 'broken.stats.json', statsText: '{"task": "sft", ' });
    await page.locator('.error').waitFor();
    assert.match(await page.locator('.error').innerText(), /Cannot show broken\.stats\.json[\s\S]*not valid JSON/);
    await page.locator('.error vscode-button').click();
    await host.waitForSent('stats/openAsText');
  });

  it('explains JSON that is not a stats report, naming the missing field', async () => {
    host.sendStats({ fileName: 'package.stats.json', statsText: '{"name": "x", "version": "1.0.0"}' });
    await page.locator('.error').waitFor();
    assert.match(await page.locator('.error').innerText(), /not a Lance Curator stats report: field "task" is missing/);
  });
});
