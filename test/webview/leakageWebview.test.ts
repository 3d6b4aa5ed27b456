import { strict as assert } from 'node:assert';
import { Page } from 'playwright-core';
import { buildDemoStore, CurationSession, leakageToJson, planExport } from '../../src/core';
import { HostStandIn, useWebviewPage } from './webviewHarness';

describe('preview webview train/eval leakage (Chromium)', function () {
  this.timeout(120_000);
  const suite = useWebviewPage('preview', async (dir) => (await buildDemoStore(dir)).store);
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  const sentOptions = () => (host.requests.filter((r) => r.method === 'preview/plan').pop()!.params as { options: Record<string, unknown> }).options;

  async function reportOf(options: object) {
    const session = await CurationSession.open(suite.store);
    try {
      const plan = await planExport(session, options, { limit: 20 });
      return {
        ...(leakageToJson(plan.leakage!) as {
          pairs: { train_id: string; eval_id: string; train_group: string; distance?: number; similarity?: number }[];
          moved_groups: string[];
          remaining_pairs: unknown[];
        }),
        lines: plan.leakageLines!,
      };
    } finally {
      await session.close();
    }
  }

  it('lists the straddling pairs of the report, with their distance, and opens a record of a pair in place', async () => {
    const options = { task: 'sft', groupBy: 'session_id', splitEval: 0.5, leakage: 'report', leakageThreshold: 0.3 } as const;
    const plan = await host.recount(() => host.initPreview({ options }));
    const report = await reportOf(options);
    assert.ok(report.pairs.length > 3, `the demo leaks at 0.3 (${report.pairs.length} pairs)`);
    assert.equal(plan.leakage!.pairs, report.pairs.length);
    await page.locator('#tab-excluded').click();
    assert.match(await page.locator('#leakage-summary').innerText(), new RegExp(`^Train/eval leakage: ${report.pairs.length} near-duplicate pairs straddle the split\\.$`));
    assert.match(await page.locator('#leakage-report .leakage-measures').innerText(), /embedding cosine distance ≤ 0\.3 \(\d+ of \d+ records have an embedding\)/);
    const rows = page.locator('#leakage-pairs .leakage-pair');
    const shown = await rows.evaluateAll((nodes) =>
      nodes.map((node) => [(node as HTMLElement).dataset.train, (node as HTMLElement).dataset.eval, Number((node.querySelector('.leak-distance') as HTMLElement).dataset.distance)]),
    );
    assert.deepEqual(shown, report.lines.pairs.map((l) => [l.pair.trainId, l.pair.evalId, l.pair.distance]), 'the lines of the core digest, most severe first');
    assert.equal(report.lines.pairs.reduce((n, l) => n + (l.folded?.pairs ?? 1), 0), report.pairs.length, 'every pair of <out>.leakage.json is a line or folded into one');
    const distances = report.lines.pairs.filter((l) => !l.folded).map((l) => l.pair.distance!);
    assert.ok(distances.every((d, i) => i === 0 || Math.round((1 - d) * 1000) <= Math.round((1 - distances[i - 1]) * 1000)), `closest first: ${distances.join(', ')}`);
    assert.equal(await rows.first().locator('.leak-train .leak-text').innerText(), report.lines.pairs[0].trainText);
    assert.equal(await rows.first().locator('.leak-eval .leak-text').innerText(), report.lines.pairs[0].evalText);
    const first = rows.first();
    await first.locator('.record-link').first().click();
    const detail = page.locator('#leakage-pairs .leakage-detail').first();
    await detail.locator('.record-panel').waitFor();
    assert.match(await detail.locator('.record-panel').innerText(), new RegExp(`Record ${report.lines.pairs[0].pair.trainId}`));
  });

  it('shows what a move moved and what still straddles', async () => {
    const options = { task: 'sft', groupBy: 'session_id', splitEval: 0.5, leakage: 'move', leakageThreshold: 0.4 } as const;
    const plan = await host.recount(() => host.initPreview({ options }));
    const report = await reportOf(options);
    assert.ok(report.remaining_pairs.length > 0, 'at 0.4 a pass leaves pairs straddling');
    assert.equal(plan.leakage!.moved, report.moved_groups.length);
    await page.locator('#tab-excluded').click();
    assert.match(
      await page.locator('#leakage-summary').innerText(),
      new RegExp(`moved ${report.moved_groups.length} train groups to eval, ${report.remaining_pairs.length} pairs? still straddles?`),
    );
    assert.equal(await page.locator('#leakage-remaining .leakage-pair').count(), Math.min(200, report.lines.remaining.length));
  });

  it('folds the texts many pairs share into one line, lists group pairs with the group unit, and keeps every pair in the report', async () => {
    const options = { task: 'sft', groupBy: 'session_id', splitEval: 0.2, leakage: 'report', textDedup: 'minhash', dedupUnit: 'group' } as const;
    const plan = await host.recount(() => host.initPreview({ options }));
    const report = await reportOf(options);
    assert.equal(report.pairs.length, plan.leakage!.pairs, '<out>.leakage.json keeps every record pair');
    assert.ok(report.pairs.length > 300, `the demo's boilerplate replies pair up across the split (${report.pairs.length})`);
    await page.locator('#tab-excluded').click();
    assert.equal(await page.locator('#leakage-pairs .leakage-pair').count(), report.lines.pairs.length);
    assert.ok(report.lines.pairs.length < 40, `${report.pairs.length} pairs read as ${report.lines.pairs.length} lines`);
    const thanks = page.locator('#leakage-pairs .leakage-folded', { hasText: 'Thanks, that helps.' });
    assert.match(await thanks.innerText(), /^Thanks, that helps\. × \d+ pairs/);
    assert.ok(Number(await thanks.getAttribute('data-pairs')) >= 3);
    // The real leak (an invoice question at distance ~6e-6) comes before every folded line.
    const order = await page.locator('#leakage-pairs tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.classList.contains('leakage-folded') ? 'folded' : (tr as HTMLElement).innerText)));
    const leak = order.findIndex((text) => /charged twice for my May invoice/.test(text));
    assert.ok(leak >= 0 && leak < order.indexOf('folded'), 'the invoice leak is listed before the folded boilerplate');
    assert.match(await page.locator('#leakage-pairs .leak-record-pairs').first().innerText(), /record pairs? between the groups/);
  });

  it('sends the leakage distance only while leakage is on, and drops it with the split', async () => {
    await host.recount(() => host.initPreview({ options: { task: 'sft', groupBy: 'session_id', splitEval: 0.5 } }));
    assert.equal(await page.locator('#leakage-threshold-slider').isVisible(), false, 'no distance control without leakage');
    await host.recount(() =>
      page.locator('#leakage').evaluate((dropdown: HTMLElement & { value: string }) => {
        dropdown.value = 'report';
        dropdown.dispatchEvent(new Event('change'));
      }),
    );
    assert.equal(sentOptions().leakage, 'report');
    assert.equal(sentOptions().leakageThreshold, undefined, 'the default distance (dedup threshold, else 0.05) until the user sets one');
    await page.locator('#leakage-threshold-slider').waitFor({ state: 'visible' });
    const plan = await host.recount(() =>
      page.locator('#leakage-threshold-value').evaluate((input: HTMLInputElement) => {
        input.value = '0.25';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    );
    assert.equal(sentOptions().leakageThreshold, 0.25);
    assert.equal(plan.leakage!.distance, Math.fround(0.25));
    await host.recount(() => page.locator('#split-enabled').click());
    assert.equal(sentOptions().leakage, undefined);
    assert.equal(sentOptions().leakageThreshold, undefined, 'turning the split off takes the leakage distance with it');
  });
});
