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

  it('recolours the box plot\'s legend to the theme\'s foreground when the theme changes', async () => {
    // Distinct colours: the dark theme's foreground green, the light one's red, everything else blue.
    const theme = (foreground: string) => ({
      '--vscode-foreground': foreground,
      '--vscode-descriptionForeground': 'rgb(0, 0, 255)',
      '--vscode-editorWidget-border': 'rgb(0, 0, 200)',
      ...Object.fromEntries(['blue', 'green', 'orange', 'purple', 'yellow', 'red'].map((name) => [`--vscode-charts-${name}`, 'rgb(0, 0, 160)'])),
    });
    const apply = (vars: Record<string, string>, bodyClass: string) =>
      page.evaluate(
        ([values, name]) => {
          for (const [key, value] of Object.entries(values)) document.body.style.setProperty(key, value);
          document.body.className = name;
        },
        [vars, bodyClass] as const,
      );
    await apply(theme('rgb(0, 255, 0)'), 'vscode-dark');
    host.sendStats({ fileName: 'rl.train.jsonl.stats.json', statsText: fs.readFileSync(`${train()}.stats.json`, 'utf8') });
    const boxPlot = page.locator('figure.chart-summary canvas').first();
    await boxPlot.waitFor();
    // The legend is the strip above the plot: count its pixels of each theme's foreground.
    const legendPixels = () =>
      boxPlot.evaluate((node) => {
        const canvas = node as HTMLCanvasElement;
        const rows = Math.round(22 * (canvas.width / canvas.clientWidth));
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, rows).data;
        let green = 0;
        let red = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] < 200) continue;
          if (data[i + 1] > 180 && data[i] < 90 && data[i + 2] < 90) green += 1;
          if (data[i] > 180 && data[i + 1] < 90 && data[i + 2] < 90) red += 1;
        }
        return { green, red };
      });
    const dark = await legendPixels();
    assert.ok(dark.green > 20 && dark.red === 0, `the legend is drawn in the dark theme's foreground: ${JSON.stringify(dark)}`);
    await apply(theme('rgb(255, 0, 0)'), 'vscode-light');
    const light = await legendPixels();
    assert.ok(light.red > 20 && light.green === 0, `after the switch the legend is in the light theme's foreground, none of the old: ${JSON.stringify(light)}`);
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
