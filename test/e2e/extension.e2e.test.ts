import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Frame, Page } from 'playwright-core';
import { readLines } from '../helpers/tempDir';
import { BIN } from '../helpers/cli';
import { runCommand, webviewFrame } from './codeServer';
import { ROOT, useWorkbench } from './workbench';
import { paintedCanvases } from '../webview/webviewHarness';
import { importRecords } from '../../src/core';
import { formatFixtureRecords } from '../core/formats/formatFixtureStore';
import * as os from 'node:os';
import { DEFAULT_STORE_OPTIONS, ensureSyntheticStore, syntheticStorePath } from '../../bench/synthetic/syntheticStore';

// The bench generator's 100k store (generated once, ~30 s, then reused from the bench cache).
const BIG_STORE_OPTIONS = { ...DEFAULT_STORE_OPTIONS, records: 100_000, dim: 64 };
const BIG_STORE_CACHE = process.env.LANCE_CURATOR_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'lance-curator-bench');
const bigStore = syntheticStorePath(BIG_STORE_OPTIONS, BIG_STORE_CACHE);

// Screenshots go to test-results/; `UPDATE_SCREENSHOTS=1 npm run test:e2e` also refreshes the README's.
const SCREENSHOTS = [path.join(ROOT, 'test-results', 'screenshots'), ...(process.env.UPDATE_SCREENSHOTS ? [path.join(ROOT, 'docs', 'screenshots')] : [])];

function cli(...args: string[]): any {
  // preview --json of the 100k store is about 2 MB (every group's summary): past execFileSync's 1 MB default.
  return JSON.parse(execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

describe('extension in a real VS Code (code-server)', function () {
  this.timeout(15 * 60_000);
  let page: Page;
  let workspace: string;
  let store: string;
  // An agent's conversation stored the way lance-context's ingest_messages stores it (tool calls in
  // metadata.raw_message), outside the workspace so the tree and the palette keep one store.
  const agentStoreIn = (tmp: string) => path.join(tmp, 'agent', 'ctx.lance');
  let agentStore: string;
  const workbench = useWorkbench({
    name: 'e2e',
    prepare: async ({ tmp, workspace }) => {
      execFileSync(BIN, ['demo', '--out-dir', workspace], { stdio: 'pipe' });
      await importRecords(agentStoreIn(tmp), formatFixtureRecords(), { dim: 4 });
      await ensureSyntheticStore(BIG_STORE_OPTIONS, undefined, BIG_STORE_CACHE);
    },
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    keybindings: ({ tmp }) => [
      {
        key: 'ctrl+alt+shift+e',
        command: 'lanceCurator.exportTrainingSet',
        args: { store: 'demo.lance', out: 'exports/keybinding.jsonl', task: 'preference', form: 'paired', minReward: 0.3, stats: true },
      },
      { key: 'ctrl+alt+shift+t', command: 'lanceCurator.previewExport', args: { store: agentStoreIn(tmp), task: 'sft', format: 'trl' } },
      { key: 'ctrl+alt+shift+b', command: 'lanceCurator.previewExport', args: { store: bigStore, task: 'preference', form: 'paired' } },
    ],
  });

  before(() => {
    ({ page, workspace } = workbench);
    store = path.join(workspace, 'demo.lance');
    agentStore = agentStoreIn(workbench.tmp);
  });

  async function shot(name: string): Promise<void> {
    const image = await page.screenshot();
    for (const dir of SCREENSHOTS) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.png`), image);
    }
  }

  async function examplesShown(frame: Frame): Promise<number> {
    return Number(await frame.locator('[data-stage="examples"] .stage-count').getAttribute('data-examples'));
  }

  it('shows the store and its versions in the Context Stores view', async () => {
    await page.locator('.part.activitybar a.action-label[aria-label="Lance Curator"]').click({ timeout: 60_000 });
    // With one view in the container VS Code hides the pane header and titles the side bar instead.
    await page.locator('.pane-header[aria-label="Context Stores Section"]').waitFor({ state: 'attached', timeout: 30_000 });
    assert.match(await page.locator('.part.sidebar .composite.title').innerText(), /Context Stores/i);
    const storeRow = page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first();
    await storeRow.waitFor({ timeout: 30_000 });
    // The demo's last two batches (4 records) sit in the write-ahead log, on top of 402 base rows.
    assert.match(await storeRow.innerText(), /\+4 in WAL · 402 rows · 32-d/);
    await storeRow.click();
    const versions = page.locator('.pane .monaco-list-row', { hasText: /^v\d/ });
    await page.locator('.pane .monaco-list-row', { hasText: 'latest' }).first().waitFor({ timeout: 30_000 });
    const texts = await versions.allInnerTexts();
    assert.ok(texts.length >= 3, `versions listed: ${texts.join(' | ')}`);
    assert.match(texts[0], /^v3[\s\S]*latest/);
  });

  let preview: Frame;

  it('opens the preview from the palette with the CLI\'s counts', async () => {
    await runCommand(page, 'Lance Curator: Preview Export');
    await page.locator('.part.editor .tab[aria-label^="Export Preview"]').first().waitFor({ timeout: 60_000 });
    const expected = cli('preview', store, '--json');
    preview = await webviewFrame(page, /Counted in \d+ ms/);
    assert.equal(await examplesShown(preview), expected.counts.examples);
    const text = await preview.evaluate(() => document.body.innerText);
    for (const word of [/lifecycle/i, /reward/i, /dedup/i]) assert.match(text, word);
    assert.equal(await preview.locator('[data-stage="input"] .stage-count').innerText(), String(expected.counts.input_records));
    await preview.locator('.options-details > summary').click(); // the screenshot shows the counts and examples
    await preview.locator('.example-row[data-loaded="true"]').first().waitFor({ timeout: 30_000 });
    await shot('preview-dark');
    await preview.locator('.options-details > summary').click();
  });

  it('recounts to the CLI\'s figures when the dedup slider moves', async () => {
    const expected = cli('preview', store, '--dedup-threshold', '0.02', '--json');
    await preview.locator('#dedup-threshold-slider').evaluate((input: HTMLInputElement) => {
      input.value = '0.02';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await preview.waitForFunction(
      (after) => document.querySelector('[data-stage="dedup"] .stage-count')?.textContent === after && document.getElementById('status')?.dataset.state === 'ready',
      String(expected.counts.after_dedup),
      { timeout: 60_000 },
    );
    assert.equal(await examplesShown(preview), expected.counts.examples);
    await preview.locator('#tab-excluded').click();
    await preview.locator('#excluded-dedup .excluded-item').first().waitFor();
    assert.match(await preview.locator('#excluded-dedup').innerText(), /near-duplicate of r\d+, distance/);
  });

  it('exports through the command\'s options argument (a keybinding), writing JSONL, manifest and stats', async () => {
    // Focus the workbench (not a webview) so the keybinding reaches VS Code.
    await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().click();
    const started = Date.now();
    await page.keyboard.press('Control+Alt+Shift+E');
    const out = path.join(workspace, 'exports', 'keybinding.jsonl');
    // The toast comes after the worker has written every file.
    await page.locator('.notification-toast', { hasText: /Exported \d+ examples to keybinding\.jsonl/ }).first().waitFor({ timeout: 60_000 });
    console.log(`      keybinding export written after ${Date.now() - started} ms`);
    assert.ok(fs.existsSync(`${out}.manifest.json`), 'manifest written');
    assert.ok(fs.existsSync(`${out}.stats.json`), 'stats written');
    const expected = cli('preview', store, '--task', 'preference', '--form', 'paired', '--min-reward', '0.3', '--json');
    assert.equal(readLines(out).length, expected.counts.examples);
    assert.deepEqual(JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8')).counts, expected.counts);
  });

  it('opens a stats file in the stats editor with drawn charts', async () => {
    const stats = await openStatsFile('rollout.jsonl.stats.json');
    const { painted } = await paintedCanvases(stats.locator('canvas'));
    assert.ok(painted >= 5, `${painted} canvases drawn`);
    assert.match(await stats.evaluate(() => document.body.innerText), /Manifest/);
    await shot('stats-dark');
  });

  async function openStatsFile(name: string): Promise<Frame> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page, /examples[\s\S]*groups/);
    await frame.locator('canvas').first().waitFor({ timeout: 30_000 });
    return frame;
  }

  it('follows a light theme (screenshots for the README)', async () => {
    // The theme is a user setting read when the window loads.
    workbench.server.writeSettings({ 'workbench.colorTheme': 'Default Light Modern' });
    await page.reload();
    await page.waitForFunction(() => /light_modern/.test(document.querySelector('.monaco-workbench')?.className ?? ''), undefined, { timeout: 90_000 });
    await openStatsFile('rollout.jsonl.stats.json');
    await shot('stats-light');
    await runCommand(page, 'Lance Curator: Preview Export');
    const preview = await webviewFrame(page, /Counted in \d+ ms/);
    // The preview restored (hidden) by the reload is reused, not joined by a second one.
    await page.waitForFunction(() => document.querySelectorAll('.part.editor .tab[aria-label^="Export Preview"]').length === 1, undefined, { timeout: 10_000 });
    assert.equal(await examplesShown(preview), cli('preview', store, '--json').counts.examples);
    await preview.locator('.options-details > summary').click();
    // The restored panel keeps the tab an earlier test left open (Excluded): the screenshot shows the examples.
    await preview.locator('#tab-examples').click();
    await preview.locator('.example-row[data-loaded="true"]').first().waitFor({ timeout: 30_000 });
    await shot('preview-light');
  });

  describe('the preview\'s options', () => {
    let frame: Frame;

    before(async () => {
      frame = await webviewFrame(page, /Counted in \d+ ms/);
      if (!(await frame.locator('.options-details').evaluate((details: HTMLDetailsElement) => details.open))) await frame.locator('.options-details > summary').click();
      await resetOptions(frame);
      assert.deepEqual(await shownCounts(frame), cli('preview', store, '--json').counts);
    });

    it('disables Write while the filter JSON is unparsable, and enables it after the recount', async () => {
      await frame.locator('#filter-json textarea').fill('{"tenant": "acme",');
      await frame.waitForFunction(() => document.getElementById('write-files')?.hasAttribute('disabled'), undefined, { timeout: 10_000 });
      assert.match(await frame.locator('#write-reason').innerText(), /^Counts are stale: fix Filter JSON is not valid JSON/);
      assert.equal(await frame.locator('#funnel.stale').count(), 1, 'the funnel is marked stale');
      await shot('preview-write-disabled');
      await frame.locator('#filter-json textarea').fill('');
      await settled(frame);
      assert.equal(await frame.locator('#write-files').getAttribute('disabled'), null);
      assert.equal(await frame.locator('#write-reason').innerText(), '');
      assert.deepEqual(await shownCounts(frame), cli('preview', store, '--json').counts);
    });

    it('resolves a relative holdout against the workspace folder and counts as the CLI does', async () => {
      const holdout = path.join(workspace, 'holdout.jsonl');
      assert.ok(fs.existsSync(holdout), 'the demo writes holdout.jsonl into the workspace');
      await frame.locator('#holdout input').fill('holdout.jsonl');
      await setSlider(frame, 'decontaminate-threshold', '0.1');
      await settled(frame);
      assert.equal(await frame.locator('#holdout-resolved').innerText(), `→ ${holdout}`);
      assert.match(await frame.locator('#status').innerText(), /^Counted in \d+ ms/);
      const expected = cli('preview', store, '--holdout', holdout, '--decontaminate-threshold', '0.1', '--json');
      assert.ok(expected.counts.after_decontaminate < expected.counts.after_dedup, 'the holdout removes records');
      assert.deepEqual(await shownCounts(frame), expected.counts);
      await shot('preview-holdout-resolved');
      await frame.locator('#holdout input').fill('');
      await settled(frame);
    });

    it('lists the train/eval leakage pairs the CLI reports, with their distance, each record openable in place', async () => {
      await frame.locator('#split-enabled').click();
      await frame.locator('#split-eval input').fill('0.5');
      await frame.locator('#leakage').evaluate((dropdown: HTMLElement & { value: string }) => {
        dropdown.value = 'report';
        dropdown.dispatchEvent(new Event('change'));
      });
      await frame.locator('#leakage-threshold-slider').waitFor({ state: 'visible' });
      await setSlider(frame, 'leakage-threshold', '0.3');
      await settled(frame);
      const expected = cli('preview', store, '--split-eval', '0.5', '--leakage', 'report', '--leakage-threshold', '0.3', '--json');
      assert.ok(expected.leakage.pairs.length > 0, 'the demo leaks at distance 0.3');
      await frame.locator('#tab-excluded').click();
      assert.match(await frame.locator('#leakage-summary').innerText(), new RegExp(`^Train/eval leakage: ${expected.leakage.pairs.length} near-duplicate pairs? straddles? the split\\.$`));
      // The panel lists the CLI's pairs most severe first, a text many pairs share folded into one line.
      const rows = await frame.locator('#leakage-pairs .leakage-pair').evaluateAll((nodes) => nodes.map((node) => [(node as HTMLElement).dataset.train!, (node as HTMLElement).dataset.eval!]));
      const folded = await frame.locator('#leakage-pairs .leakage-folded').evaluateAll((nodes) => nodes.map((node) => Number((node as HTMLElement).dataset.pairs)));
      const cliPairs = new Set(expected.leakage.pairs.map((pair: { train_id: string; eval_id: string }) => `${pair.train_id}|${pair.eval_id}`));
      assert.ok(rows.every(([train, evalId]) => cliPairs.has(`${train}|${evalId}`)), 'every line is a pair the CLI reports');
      assert.ok(rows.length < 200, 'every line is shown');
      assert.equal(rows.length - folded.length + folded.reduce((a, b) => a + b, 0), cliPairs.size, 'every pair is a line or folded into one');
      await frame.locator('.options-details > summary').click(); // the screenshot shows the pairs
      await shot('preview-leakage');
      await frame.locator('.options-details > summary').click();
      const first = frame.locator('#leakage-pairs .leakage-pair').first();
      await first.locator('.record-link').nth(1).click();
      await frame.locator('#leakage-pairs .leakage-detail .record-panel').first().waitFor({ timeout: 30_000 });
      assert.match(await frame.locator('#leakage-pairs .leakage-detail .record-panel').first().innerText(), new RegExp(`Record ${rows[0][1]}`));
      await frame.locator('#split-enabled').click();
      await settled(frame);
      assert.deepEqual(await shownCounts(frame), cli('preview', store, '--json').counts, 'the split and its leakage check are off again');
    });

    it('offers the preview\'s options first in Export Training Set and writes with them', async () => {
      await setSlider(frame, 'min-reward', '0.7');
      await settled(frame);
      await runCommand(page, 'Lance Curator: Export Training Set');
      const choice = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: "Use the preview's options" });
      await choice.waitFor({ timeout: 30_000 });
      assert.equal(await choice.getAttribute('data-index'), '0', 'the first choice');
      assert.match(await choice.innerText(), /min reward 0\.7/);
      await choice.click();
      // The file to write: an input holding the default relative to the workspace folder, the full path under it.
      const out = path.join(workspace, 'exports', 'demo-sft.jsonl');
      const pathInput = page.locator('.quick-input-widget .quick-input-box input');
      await page.waitForFunction(
        () => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value.endsWith('.jsonl'),
        undefined,
        { timeout: 30_000 },
      );
      assert.equal(await pathInput.inputValue(), 'exports/demo-sft.jsonl', 'the default path: exports/<store>-<task>.jsonl in the workspace');
      assert.equal(await page.locator('.quick-input-widget .quick-input-message').innerText(), `→ ${out}`);
      await pathInput.press('Enter');
      await page.locator('.notification-toast', { hasText: /Exported \d+ examples to demo-sft\.jsonl/ }).first().waitFor({ timeout: 60_000 });
      const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'));
      assert.equal(manifest.min_reward, 0.7);
      assert.deepEqual(manifest.counts, cli('preview', store, '--min-reward', '0.7', '--json').counts);
    });

    it('switches only the version when a version is clicked in the tree, in the same panel', async () => {
      const tabs = page.locator('.part.editor .tab[aria-label^="Export Preview"]');
      const groups = await page.locator('.part.editor .editor-group-container').count();
      assert.equal(await tabs.count(), 1);
      await showVersions();
      await versionRow(2).click();
      frame = await webviewFrame(page, /Counted in \d+ ms \(read v2\b/);
      await settled(frame);
      assert.equal(await tabs.count(), 1, 'one preview tab');
      assert.equal(await page.locator('.part.editor .editor-group-container').count(), groups, 'no new editor group');
      assert.equal(await frame.locator('#at-version').evaluate((select: HTMLElement & { value: string }) => select.value), '2');
      assert.equal(await frame.locator('#min-reward-enabled').evaluate((box: HTMLElement & { checked: boolean }) => box.checked), true);
      assert.equal(await frame.locator('#min-reward-value').inputValue(), '0.7');
      assert.deepEqual(await shownCounts(frame), cli('preview', store, '--at-version', '2', '--min-reward', '0.7', '--json').counts);
    });

    // A preview hidden behind another tab is rebuilt from its saved state when revealed; its first
    // init must still take the version the host sent (the webview keeps the host's last options text).
    it('switches the version of a preview hidden behind another tab', async () => {
      await page.locator('.part.editor .tab', { hasText: 'rollout.jsonl.stats.json' }).click();
      await webviewFrame(page, /examples[\s\S]*groups/);
      await showVersions();
      await versionRow(3).click();
      frame = await webviewFrame(page, /Counted in \d+ ms \(read v3\b/);
      await settled(frame);
      assert.equal(await page.locator('.part.editor .tab[aria-label^="Export Preview"]').count(), 1, 'one preview tab');
      assert.equal(await frame.locator('#min-reward-value').inputValue(), '0.7');
      assert.deepEqual(await shownCounts(frame), cli('preview', store, '--at-version', '3', '--min-reward', '0.7', '--json').counts);
    });
  });

  /** A version's row in the tree, by its label (the row's text runs on into the date). */
  function versionRow(version: number) {
    return page.locator('.pane .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^v${version}$`) }) }).first();
  }

  /** The Context Stores view with the demo store's versions listed. */
  async function showVersions(): Promise<void> {
    // The activity item toggles the side bar: click it only when the view is not showing (the
    // pane header is hidden while the container has one view, so look at the side bar's title).
    if (!(await page.locator('.part.sidebar .composite.title', { hasText: /Context Stores/i }).isVisible())) {
      await page.locator('.part.activitybar a.action-label[aria-label="Lance Curator"]').click();
    }
    const storeRow = page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first();
    await storeRow.waitFor({ timeout: 30_000 });
    if ((await storeRow.getAttribute('aria-expanded')) !== 'true') await storeRow.click();
    await versionRow(2).waitFor({ timeout: 30_000 });
  }

  // Last (mocha runs a describe's own tests before its nested blocks): it opens a second preview.
  describe('an agent store', () => {
    it('previews trainer lines of an agent store: the format picker, and tool calls as call cards linked to their results', async () => {
      await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().click();
      await page.keyboard.press('Control+Alt+Shift+T');
      const frame = await webviewFrame(page, /Export Preview — ctx\.lance[\s\S]*Counted in \d+ ms/);
      const card = frame.locator('.example-trainer').first();
      await card.waitFor({ timeout: 60_000 });
      assert.equal(await card.locator('.format-chip').innerText(), 'TRL');
      const expected = cli('preview', agentStore, '--format', 'trl', '--json');
      assert.equal(await card.locator('.trainer-line').textContent(), JSON.stringify(expected.examples[0]));
      const call = frame.locator('.call-card').first();
      assert.equal(await call.locator('.call-name').innerText(), 'clock');
      await frame.locator('.result-of').first().click();
      await frame.waitForFunction(() => document.activeElement?.classList.contains('call-card') === true);
      await frame.locator('#format').evaluate((dropdown: HTMLElement & { value: string }) => {
        dropdown.value = 'openai';
        dropdown.dispatchEvent(new Event('change'));
      });
      await frame.waitForFunction(() => document.querySelector('.example-trainer .format-chip')?.textContent === 'OpenAI', undefined, { timeout: 60_000 });
      await shot('preview-trainer-lines');
    });
  });

  async function scrollAndSortBigStore(): Promise<void> {
    await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().click();
    await page.keyboard.press('Control+Alt+Shift+B');
    const frame = await webviewFrame(page, /Export Preview — ctx-n100000[\s\S]*Counted in \d+ ms/, 180_000);
    // The plan's JSON of 100k records runs to megabytes: a buffer to match.
    const expected = JSON.parse(execFileSync(BIN, ['preview', bigStore, '--task', 'preference', '--form', 'paired', '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 })).counts.examples;
    assert.ok(expected > 1000, `the 100k store gives many pairs (${expected})`);
    await frame.waitForFunction((n) => document.getElementById('list-summary-all')?.textContent?.includes(`All ${n.toLocaleString('en-US')} examples`), expected, { timeout: 60_000 });
    await frame.waitForFunction(
      (n) => {
        const scroller = document.getElementById('examples-scroll-all')!;
        scroller.scrollTop = scroller.scrollHeight;
        return !!document.querySelector(`.example-row[data-index="${n - 1}"][data-loaded="true"]`);
      },
      expected,
      { polling: 250, timeout: 120_000 },
    );
    assert.equal(await frame.locator(`.example-row[data-index="${expected - 1}"] .example-number`).innerText(), `#${expected}`);
    await frame.locator('#example-sort-all').evaluate((dropdown: HTMLElement & { value: string }) => {
      dropdown.value = 'margin';
      dropdown.dispatchEvent(new Event('change'));
    });
    const margins = async () =>
      frame.locator('.example-row[data-loaded="true"] .sort-values').evaluateAll((nodes) =>
        nodes
          .map((node) => [Number((node.closest('.example-row') as HTMLElement).dataset.index), Number(/margin (-?[\d.]+)/.exec(node.textContent ?? '')?.[1])] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, margin]) => margin),
      );
    await frame.waitForFunction(() => document.querySelector('.example-row[data-index="0"][data-loaded="true"] .sort-values')?.textContent?.includes('margin'), undefined, { timeout: 60_000 });
    const top = await margins();
    assert.ok(top.length >= 2 && top.every((m, i) => i === 0 || m <= top[i - 1]), `highest margin first: ${top.join(', ')}`);
    if (await frame.locator('.options-details').evaluate((details: HTMLDetailsElement) => details.open)) await frame.locator('.options-details > summary').click();
    await frame.locator('#examples-scroll-all').scrollIntoViewIfNeeded();
    await shot('preview-examples-100k');
  }

  // Last: it opens a second preview, which the one-preview tests above must not see.
  describe('at scale', () => {
    it('scrolls the 100k store\'s examples list to its end and sorts it by reward margin', () => scrollAndSortBigStore());
  });
});

/** Waits for the recount after a change: counts current, or the recount's error as the failure. */
async function settled(frame: Frame): Promise<void> {
  const outcome = await frame.waitForFunction(
    () => {
      const state = document.getElementById('status')?.dataset.state;
      const stale = document.getElementById('funnel')?.classList.contains('stale');
      return state === 'error' ? 'error' : state === 'ready' && !stale ? 'ready' : false;
    },
    undefined,
    { timeout: 60_000 },
  );
  if ((await outcome.jsonValue()) !== 'ready') assert.fail(`the recount failed: ${await frame.locator('#status').innerText()}`);
}

/** The counts the funnel shows, named as the CLI's `counts`. */
function shownCounts(frame: Frame): Promise<Record<string, number>> {
  // No named functions inside: the test's compiler would wrap them in a helper the page lacks.
  const stages = { input_records: 'input', after_lifecycle: 'lifecycle', after_reward_filter: 'reward_threshold', after_dedup: 'dedup', after_decontaminate: 'decontaminate' };
  return frame.evaluate(
    (names) => ({
      ...Object.fromEntries(Object.entries(names).map(([key, stage]) => [key, Number((document.querySelector(`[data-stage="${stage}"] .stage-count`)?.textContent ?? '').replace(/\D/g, ''))])),
      examples: Number(document.querySelector('[data-stage="examples"] .stage-count')?.getAttribute('data-examples')),
    }),
    stages,
  );
}

/** Moves an option's slider as a drag does (range inputs cannot be typed into). */
async function setSlider(frame: Frame, flag: string, value: string): Promise<void> {
  await frame.locator(`#${flag}-slider`).evaluate((input: HTMLInputElement, v) => {
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Every option back to its default (switches off, text empty), then the recount. */
async function resetOptions(frame: Frame): Promise<void> {
  for (const flag of ['min-reward', 'dedup-threshold', 'decontaminate-threshold']) {
    const box = frame.locator(`#${flag}-enabled`);
    if (await box.evaluate((b: HTMLElement & { checked: boolean }) => b.checked)) await box.click();
  }
  await frame.locator('#filter-json textarea').fill('');
  await frame.locator('#quick-tenant input').fill('');
  await frame.locator('#holdout input').fill('');
  await settled(frame);
}
