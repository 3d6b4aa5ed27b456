import { strict as assert } from 'node:assert';
import { Page } from 'playwright-core';
import { buildManyExamplesStore, manyExamplesRewards } from '../helpers/manyExamplesStore';
import { HostStandIn, useWebviewPage } from './webviewHarness';

const SESSIONS = 10_000;

describe('examples list (Chromium, 10 000 examples)', function () {
  this.timeout(180_000);
  const suite = useWebviewPage('preview', (dir) => buildManyExamplesStore(dir, SESSIONS));
  let page: Page;
  let host: HostStandIn;
  beforeEach(() => {
    ({ page, host } = suite);
  });

  async function open(options: object = { task: 'preference', form: 'paired', groupBy: 'session_id' }): Promise<void> {
    await host.initPreview({ options });
    await host.recount();
    await page.locator('.example-row[data-loaded="true"]').first().waitFor();
  }

  /** Numbers of the rendered, loaded rows in list order: `#n` and the sort values in the header. */
  async function shownRows(): Promise<{ index: number; number: number; group: string; values: string }[]> {
    const rows = await page.locator('.example-row[data-loaded="true"]').evaluateAll((nodes) =>
      nodes.map((node) => ({
        index: Number((node as HTMLElement).dataset.index),
        number: Number(node.querySelector('.example-number')?.textContent?.replace(/[#,]/g, '')),
        group: node.querySelector('.example-head .link')?.textContent ?? '',
        values: node.querySelector('.sort-values')?.textContent ?? '',
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  async function sortBy(value: string): Promise<void> {
    await page.locator('#example-sort-all').evaluate((dropdown: HTMLElement & { value: string }, v) => {
      dropdown.value = v;
      dropdown.dispatchEvent(new Event('change'));
    }, value);
  }

  const valueOf = (values: string, name: string): number => Number(new RegExp(`${name} (-?[\\d.,]+)`).exec(values)?.[1].replace(/,/g, ''));

  it('scrolls through every example to the last of 10 000, keeping only the rows in view in the page', async () => {
    await open();
    await page.waitForFunction(() => document.getElementById('list-summary-all')?.textContent?.includes('10,000'));
    // Scrolling to the end, as a user dragging the scrollbar would: the list measures rows as they come into view.
    await page.waitForFunction(() => {
      const scroller = document.getElementById('examples-scroll-all')!;
      scroller.scrollTop = scroller.scrollHeight;
      return !!document.querySelector('.example-row[data-index="9999"][data-loaded="true"]');
    }, undefined, { polling: 200, timeout: 60_000 });
    const rows = await shownRows();
    const last = rows[rows.length - 1];
    assert.equal(last.number, 10_000);
    assert.equal(last.group, 's09999');
    assert.ok(rows.length < 40, `only the rows in view are in the page (${rows.length})`);
    assert.ok(await page.locator('.example-row[data-index="9999"]').isVisible());
  });

  it('finds examples by the text of their messages', async () => {
    await open();
    await page.locator('#example-search-all input').fill('zebra');
    await page.waitForFunction(() => document.getElementById('list-summary-all')?.textContent?.includes('1 of 10,000 examples contain “zebra”'));
    await page.locator('.example-row[data-loaded="true"]').first().waitFor();
    const rows = await shownRows();
    assert.deepEqual(rows.map((r) => r.group), ['s07777']);
    assert.match(await page.locator('.example-row').first().innerText(), /zebra cross the road/);
  });

  const expected = {
    reward: Math.max(...Array.from({ length: SESSIONS }, (_, i) => manyExamplesRewards(i).chosen)),
    margin: Math.max(...Array.from({ length: SESSIONS }, (_, i) => manyExamplesRewards(i).chosen - manyExamplesRewards(i).rejected)),
  };
  for (const [sort, name] of [
    ['reward', 'reward'],
    ['margin', 'margin'],
    ['tokens', 'tokens'],
    ['groupSize', 'groupSize'],
  ] as const) {
    it(`sorts every example by ${sort}, highest first, and lowest first on request`, async () => {
      await open();
      await sortBy(sort);
      await page.waitForFunction(() => (document.getElementById('sort-direction-all')?.textContent ?? '').includes('Highest first'));
      const read = async () => {
        await page.waitForFunction(() => document.querySelectorAll('.example-row[data-loaded="true"]').length >= 3);
        const rows = await shownRows();
        return rows.map((row) => (name === 'groupSize' ? Number(/(\d+) records in group/.exec(row.values)?.[1]) : name === 'tokens' ? Number(/([\d,]+) tokens/.exec(row.values)?.[1].replace(/,/g, '')) : valueOf(row.values, name)));
      };
      let values: number[] = [];
      await page.waitForFunction(() => true);
      // Wait until the list shows the sorted order (the first rows come back from the worker).
      for (let attempt = 0; attempt < 50; attempt++) {
        values = await read();
        if (values.every((v, i) => i === 0 || v <= values[i - 1]) && !(await shownRows()).some((r) => r.number === 1 && r.index === 0)) break;
        await page.waitForTimeout(100);
      }
      for (let i = 1; i < values.length; i++) assert.ok(values[i] <= values[i - 1], `${sort}: ${values.join(', ')} is not highest first`);
      if (sort === 'reward') assert.equal(values[0], expected.reward);
      if (sort === 'margin') assert.ok(Math.abs(values[0] - expected.margin) < 1e-3, `${values[0]} vs ${expected.margin}`);
      if (sort === 'groupSize') assert.equal(values[0], 4);
      if (sort === 'tokens') assert.ok(values[0] > (await shownRows()).length, 'the longest answers come first');

      await page.locator('#sort-direction-all').click();
      await page.waitForFunction(() => (document.getElementById('sort-direction-all')?.textContent ?? '').includes('Lowest first'));
      for (let attempt = 0; attempt < 50; attempt++) {
        values = await read();
        if (values.every((v, i) => i === 0 || v >= values[i - 1])) break;
        await page.waitForTimeout(100);
      }
      for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1], `${sort}: ${values.join(', ')} is not lowest first`);
    });
  }

  it('jumps to a group by key, and says when only a message matched', async () => {
    await open();
    await page.locator('#jump-group-all input').fill('s0500');
    await page.locator('#jump-go-all').click();
    await page.waitForFunction(() => document.getElementById('jump-result-all')?.textContent?.includes('group s05000 (the group key starts with “s0500”)'));
    await page.waitForFunction(() => [...document.querySelectorAll('.example-row[data-loaded="true"] .example-head .link')].some((link) => link.textContent === 's05000'));

    await page.locator('#jump-group-all input').fill('zebra');
    await page.locator('#jump-go-all').click();
    await page.waitForFunction(() => document.getElementById('jump-result-all')?.textContent?.includes('group s07777 (no group key contains it; a message of the group contains “zebra”)'));
  });
});
