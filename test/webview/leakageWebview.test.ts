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
      return leakageToJson((await planExport(session, options, { limit: 20 })).leakage!) as {
        pairs: { train_id: string; eval_id: string; train_group: string; distance?: number; similarity?: number }[];
        moved_groups: string[];
        remaining_pairs: unknown[];
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
    assert.deepEqual(shown, report.pairs.map((p) => [p.train_id, p.eval_id, p.distance]), 'the same pairs, in the same order, as <out>.leakage.json');
    const first = rows.first();
    await first.locator('.record-link').first().click();
    const detail = page.locator('#leakage-pairs .leakage-detail').first();
    await detail.locator('.record-panel').waitFor();
    assert.match(await detail.locator('.record-panel').innerText(), new RegExp(`Record ${report.pairs[0].train_id}`));
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
    assert.equal(await page.locator('#leakage-remaining .leakage-pair').count(), Math.min(200, report.remaining_pairs.length));
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
