import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { DEFAULT_STORE_OPTIONS, ensureSyntheticStore, syntheticStorePath } from '../../bench/synthetic/syntheticStore';
import { BIN } from '../helpers/cli';
import { runCommand, webviewFrame } from './codeServer';
import { useWorkbench } from './workbench';

// The bench generator's 100k store (reused from the bench cache): an export long enough to cancel.
const BIG_STORE_OPTIONS = { ...DEFAULT_STORE_OPTIONS, records: 100_000, dim: 64 };
const BIG_STORE_CACHE = process.env.LANCE_CURATOR_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'lance-curator-bench');
const bigStore = syntheticStorePath(BIG_STORE_OPTIONS, BIG_STORE_CACHE);

/**
 * Records every change of the visible notification toasts (their texts) in
 * `window.__toasts`. A string: the test's compiler would wrap named functions
 * in a helper the page lacks.
 */
const RECORD_TOASTS = `(() => {
  window.__toasts = [];
  const snap = () => {
    const texts = [...document.querySelectorAll('.notification-toast')]
      .filter((toast) => toast.getBoundingClientRect().height > 0 && toast.checkVisibility())
      .map((toast) => toast.innerText.replace(/\\s+/g, ' ').trim());
    const key = texts.join(' | ');
    if (window.__toasts.length === 0 || window.__toasts[window.__toasts.length - 1].key !== key) window.__toasts.push({ key, texts, at: performance.now() });
  };
  window.__toastObserver?.disconnect();
  window.__toastObserver = new MutationObserver(snap);
  window.__toastObserver.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  snap();
})()`;

interface ToastSnapshot {
  key: string;
  texts: string[];
  at: number;
}

describe('the export flow in a real VS Code (code-server, issue 20 item 10)', function () {
  this.timeout(15 * 60_000);
  let page: Page;
  let workspace: string;
  const workbench = useWorkbench({
    name: 'export-flow',
    prepare: async ({ workspace }) => {
      execFileSync(BIN, ['demo', '--out-dir', workspace], { stdio: 'pipe' });
      await ensureSyntheticStore(BIG_STORE_OPTIONS, undefined, BIG_STORE_CACHE);
    },
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    keybindings: ({ workspace }) => [
      { key: 'ctrl+alt+shift+1', command: 'lanceCurator.exportTrainingSet', args: { store: 'demo.lance', out: 'exports/toast.jsonl', task: 'sft' } },
      {
        key: 'ctrl+alt+shift+2',
        command: 'lanceCurator.exportTrainingSet',
        args: { store: 'demo.lance', out: 'exports/failed.jsonl', holdout: path.join(workspace, 'no-such-holdout.jsonl'), decontaminateThreshold: 0.1 },
      },
      {
        key: 'ctrl+alt+shift+3',
        command: 'lanceCurator.exportTrainingSet',
        args: { store: bigStore, out: path.join(workspace, 'exports', 'cancelled.jsonl'), task: 'preference', form: 'paired', textDedup: 'minhash', stats: true },
      },
      { key: 'ctrl+alt+shift+4', command: 'lanceCurator.exportTrainingSet', args: { store: 'demo.lance', out: 'exports/split.jsonl', task: 'sft', splitEval: 0.2 } },
    ],
  });

  before(async () => {
    ({ page, workspace } = workbench);
    await page.locator('.part.activitybar a.action-label[aria-label="Lance Curator"]').click({ timeout: 60_000 });
    await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().waitFor({ timeout: 60_000 });
  });

  /** Clears the toasts, focuses the workbench (a keybinding must reach VS Code, not a webview) and starts recording. */
  async function freshToasts(): Promise<void> {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().click();
    await page.evaluate(RECORD_TOASTS);
  }

  const toasts = (): Promise<ToastSnapshot[]> => page.evaluate(() => (window as unknown as { __toasts: ToastSnapshot[] }).__toasts);

  /** The progress toast came, was gone before `result` showed, and never stood beside it. */
  function assertProgressClosedFirst(history: ToastSnapshot[], result: RegExp): void {
    const shown = history.map((snapshot) => snapshot.key).join('\n');
    const progress = history.findIndex((snapshot) => snapshot.texts.some((text) => /Exporting /.test(text)));
    const outcome = history.findIndex((snapshot) => snapshot.texts.some((text) => result.test(text)));
    assert.ok(progress >= 0, `the progress notification showed:\n${shown}`);
    assert.ok(outcome > progress, `the result showed after it:\n${shown}`);
    const together = history.filter((snapshot) => snapshot.texts.some((text) => /Exporting /.test(text)) && snapshot.texts.some((text) => result.test(text)));
    assert.deepEqual(together, [], `"Exporting…" outlived the export, beside its result:\n${shown}`);
  }

  it('closes the "Exporting…" notification when the export ends, and says the result after it', async () => {
    await freshToasts();
    await page.keyboard.press('Control+Alt+Shift+1');
    await page.locator('.notification-toast', { hasText: /Exported \d+ examples to toast\.jsonl/ }).first().waitFor({ timeout: 60_000 });
    assert.ok(fs.existsSync(path.join(workspace, 'exports', 'toast.jsonl')));
    assertProgressClosedFirst(await toasts(), /Exported \d+ examples/);
  });

  it('closes it when the export fails, and says the failure after it', async () => {
    await freshToasts();
    await page.keyboard.press('Control+Alt+Shift+2');
    await page.locator('.notification-toast', { hasText: /Export of demo\.lance failed/ }).first().waitFor({ timeout: 60_000 });
    assertProgressClosedFirst(await toasts(), /Export of demo\.lance failed/);
  });

  it('closes it as soon as Cancel is clicked, and writes nothing', async () => {
    await freshToasts();
    await page.keyboard.press('Control+Alt+Shift+3');
    const progress = page.locator('.notification-toast', { hasText: 'Exporting ctx-n100000' });
    await progress.waitFor({ timeout: 60_000 });
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const clicked = Date.now();
    await progress.waitFor({ state: 'detached', timeout: 10_000 });
    const closedAfter = Date.now() - clicked;
    assert.ok(closedAfter < 2_000, `the notification closed ${closedAfter} ms after Cancel`);
    await until(() => /export of ctx-n100000\S* cancelled; nothing was written/.test(workbench.server.extensionLog()), 'the worker to stop');
    assert.deepEqual(fs.readdirSync(path.join(workspace, 'exports')).filter((file) => file.startsWith('cancelled')), [], 'nothing written');
    assert.equal(await page.locator('.notification-toast', { hasText: /Exported/ }).count(), 0);
  });

  it('names the files a split wrote (.train and .eval), not the name asked for', async () => {
    await freshToasts();
    await page.keyboard.press('Control+Alt+Shift+4');
    const toast = page.locator('.notification-toast', { hasText: /Exported \d+ examples/ }).first();
    await toast.waitFor({ timeout: 60_000 });
    assert.match(await toast.innerText(), /Exported \d+ examples \(train \d+ \/ eval \d+\) to split\.train\.jsonl and split\.eval\.jsonl/);
    assert.doesNotMatch(await toast.innerText(), /to split\.jsonl/);
  });

  it('keeps "+4 in WAL" in view in the tree at the default side bar width', async () => {
    const description = page.locator('.pane .monaco-list-row', { hasText: 'demo.lance' }).first().locator('.label-description');
    const shown = await description.evaluate((node) => {
      const text = node.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, '+4 in WAL'.length);
      const clip = node.closest('.monaco-icon-label-container') ?? node.closest('.monaco-list-row')!;
      return { text: node.textContent, right: range.getBoundingClientRect().right, edge: clip.getBoundingClientRect().right };
    });
    assert.ok(shown.text?.startsWith('+4 in WAL'), `the log first: ${shown.text}`);
    assert.ok(shown.right <= shown.edge, `"+4 in WAL" is not cut: ends at ${shown.right}, the label at ${shown.edge}`);
  });

  it('takes a relative file name for Write files in the store\'s workspace folder, not at the root', async () => {
    await runCommand(page, 'Lance Curator: Preview Export');
    const frame = await webviewFrame(page, /Counted in \d+ ms/);
    await frame.locator('#write-files').click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value.endsWith('.jsonl'), undefined, { timeout: 30_000 });
    await input.fill('exports/typed/relative.jsonl');
    const out = path.join(workspace, 'exports', 'typed', 'relative.jsonl');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: `→ ${out}` }).waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await page.locator('.notification-toast', { hasText: /Exported \d+ examples to relative\.jsonl/ }).first().waitFor({ timeout: 60_000 });
    assert.ok(fs.existsSync(out) && fs.existsSync(`${out}.manifest.json`), `written in the workspace: ${out}`);
    assert.ok(!fs.existsSync('/exports/typed'), 'nothing at the file system root');
    await page.keyboard.press('Escape');
  });

  it('refuses an empty decontamination distance at its own step, inline, with the option\'s label', async () => {
    // With no preview open the command asks step by step.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.part.editor .tab[aria-label^="Export Preview"]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(page, 'Lance Curator: Export Training Set');
    const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'demo.lance' });
    if (await pick.first().waitFor({ timeout: 10_000 }).then(() => true, () => false)) await pick.first().click();
    const title = page.locator('.quick-input-widget .quick-input-title');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    /** Waits for step `n`, then answers it (Enter keeps a pick's current choice; `text` fills an input). */
    const answer = async (n: number, text?: string) => {
      await title.filter({ hasText: `(step ${n} of` }).waitFor({ timeout: 30_000 });
      if (text !== undefined) await input.fill(text);
      await input.press('Enter');
    };
    // task, format, group by, filter, min reward, dedup threshold: as they are.
    for (let n = 1; n <= 6; n++) await answer(n);
    await answer(7, 'holdout.jsonl');
    await answer(8, '');
    const message = page.locator('.quick-input-widget .quick-input-message');
    await message.filter({ hasText: 'Decontamination distance: decontamination needs a distance' }).waitFor({ timeout: 10_000 });
    assert.match(await title.innerText(), /\(step 8 of 9\)/, 'the step did not accept the empty distance');
    await answer(8, '0.1');
    await title.filter({ hasText: '(step 9 of 9)' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  });
});

/** Polls `check` (a file, a log) until it holds; fails naming `what` after a minute. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
