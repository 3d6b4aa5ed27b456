import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Frame, Page } from 'playwright-core';
import { readLabelEvents } from '../../src/core';
import { BIN } from '../helpers/cli';
import { webviewFrame } from './codeServer';
import { ROOT, useWorkbench } from './workbench';

// `UPDATE_SCREENSHOTS=1` also refreshes the README's screenshot of the review mode.
const SCREENSHOTS = [path.join(ROOT, 'test-results', 'screenshots'), ...(process.env.UPDATE_SCREENSHOTS ? [path.join(ROOT, 'docs', 'screenshots')] : [])];

describe('review mode in a real VS Code (code-server)', function () {
  this.timeout(15 * 60_000);
  let page: Page;
  let workspace: string;
  const workbench = useWorkbench({
    name: 'review',
    prepare: ({ workspace }) => void execFileSync(BIN, ['demo', '--out-dir', workspace], { stdio: 'pipe' }),
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'lanceCurator.review.reviewer': 'e2e-reviewer' },
    keybindings: ({ workspace }) => [
      { key: 'ctrl+alt+shift+r', command: 'lanceCurator.previewExport', args: { store: path.join(workspace, 'demo.lance'), task: 'preference', form: 'paired' } },
    ],
  });

  before(() => {
    ({ page, workspace } = workbench);
  });

  it('reviews five demo pairs by keyboard; Write files writes what the CLI exports with that labels dataset, at the version on screen', async () => {
    const store = path.join(workspace, 'demo.lance');
    await page.locator('.part.activitybar a.action-label[aria-label="Lance Curator"]').click({ timeout: 60_000 });
    await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().click({ timeout: 60_000 });
    await page.keyboard.press('Control+Alt+Shift+R');
    const frame: Frame = await webviewFrame(page, /Counted in \d+ ms/);
    // Setup by mouse (the tab); the review itself by keys only.
    await frame.locator('#tab-review').click();
    await frame.waitForFunction(() => document.activeElement?.id === 'review-item' && !!document.getElementById('review-item')?.dataset.key, undefined, { timeout: 60_000 });
    const latencies: number[] = [];
    for (let n = 1; n <= 5; n++) {
      const started = Date.now();
      await page.keyboard.press(n % 2 ? '1' : '2');
      await frame.waitForFunction((v) => /^saved · labels v\d+$/.test(document.getElementById('review-save')?.textContent ?? '') && document.getElementById('review-progress')?.textContent?.startsWith(`${v} of`), n, { timeout: 60_000 });
      latencies.push(Date.now() - started);
    }
    await frame.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready' && !document.getElementById('funnel')?.classList.contains('stale'), undefined, { timeout: 60_000 });
    console.log(`      key press to "saved", per decision (ms): ${latencies.join(', ')}`);
    const version = Number(/v(\d+)$/.exec((await frame.locator('#review-save').textContent()) ?? '')![1]);
    const labels = path.join(workspace, 'demo.review', 'labels.lance');
    const events = (await readLabelEvents(labels)).events;
    assert.equal(events.length, 10, 'five picks, two label events each');
    assert.ok(events.every((e) => e.reviewer === 'e2e-reviewer' && e.shown_order?.length === 2));
    const image = await page.screenshot();
    for (const dir of SCREENSHOTS) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'review-mode.png'), image);
    }

    await frame.locator('#write-files').click();
    const pathInput = page.locator('.quick-input-widget .quick-input-box input');
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value.endsWith('.jsonl'), undefined, { timeout: 30_000 });
    // The file input holds the default relative to the workspace folder.
    const out = path.resolve(workspace, await pathInput.inputValue());
    await pathInput.press('Enter');
    await frame.waitForFunction(() => /^Wrote \d+ examples?/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const cliOut = path.join(workspace, 'cli', 'reviewed.jsonl');
    fs.mkdirSync(path.dirname(cliOut), { recursive: true });
    execFileSync(BIN, ['export', store, '--task', 'preference', '--form', 'paired', '--labels', labels, '--out', cliOut], { stdio: 'pipe' });
    assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(cliOut, 'utf8'), 'the panel writes what the CLI exports with that labels dataset');
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'));
    assert.equal(manifest.labels.version, version, 'the labels version on screen');
    assert.equal(manifest.labels.events_applied, 10);
  });
});
