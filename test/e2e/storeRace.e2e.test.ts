import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Frame, Page } from 'playwright-core';
import { runCommand, webviewFrame } from './codeServer';
import { useWorkbench } from './workbench';
import { baseStore, walPut } from '../helpers/memWalStore';
import { rec } from '../helpers/records';
import { BIN } from '../helpers/cli';

/** One question and its answer in their own session. */
const conversation = (session: string, at: number) => [
  rec(`${session}-q`, 'user', `question ${session}`, at, { session_id: session }),
  rec(`${session}-a`, 'assistant', `answer ${session}`, at + 1, { session_id: session }),
];

describe('Write files while a live store moves (code-server, issue 17 item 1)', function () {
  this.timeout(15 * 60_000);
  let page: Page;
  let store: string;
  const workbench = useWorkbench({
    name: 'race',
    prepare: async ({ workspace }) => {
      // A store lance-context writes through its MemWAL: one conversation in the base table, one in a flushed generation.
      const created = await baseStore(workspace, [conversation('s1', 0)]);
      await walPut(created, conversation('s2', 10));
    },
  });
  before(() => {
    page = workbench.page;
    store = path.join(workbench.workspace, 'ctx.lance');
  });

  const shownExamples = async (frame: Frame) => Number(await frame.locator('[data-stage="examples"] .stage-count').getAttribute('data-examples'));
  /** Waits until the panel's counts are current and show `examples`. */
  const counted = (frame: Frame, examples: number) =>
    frame.waitForFunction(
      (n) => {
        const current = document.getElementById('status')?.dataset.state === 'ready' && !document.getElementById('funnel')?.classList.contains('stale');
        return current && document.querySelector('[data-stage="examples"] .stage-count')?.getAttribute('data-examples') === String(n);
      },
      examples,
      { timeout: 60_000 },
    );

  /** Clicks Write files and waits for the input asking which file (its default relative to the workspace); returns the full path. */
  async function openSaveDialog(frame: Frame): Promise<string> {
    await frame.locator('#write-files').click();
    await page.waitForFunction(
      () => (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value.endsWith('.jsonl'),
      undefined,
      { timeout: 30_000 },
    );
    return path.resolve(workbench.workspace, await page.locator('.quick-input-widget .quick-input-box input').inputValue());
  }

  it('writes nothing the counts did not describe: an append during the save dialog is asked about once, declined writes nothing, confirmed writes the new counts', async () => {
    await runCommand(page, 'Lance Curator: Preview Export');
    const frame = await webviewFrame(page, /Counted in \d+ ms/);
    await counted(frame, 2);

    // The race: a MemWAL upsert while the save dialog is open; the panel notices behind the dialog.
    const out = await openSaveDialog(frame);
    await walPut(store, conversation('s3', 20));
    await counted(frame, 3);
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    const asked = page.locator('.monaco-dialog-box', { hasText: 'The store changed while you chose the file: 2 → 3 examples. Write the new counts?' });
    await asked.waitFor({ timeout: 60_000 });
    await asked.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await asked.waitFor({ state: 'detached', timeout: 30_000 });
    // The worker answers the refusal by discarding its staged files, and the host logs that nothing was written.
    await until(() => /export of ctx\.lance cancelled; nothing was written/.test(workbench.server.extensionLog()), 'the export to end');
    assert.deepEqual(fs.readdirSync(path.dirname(out)).filter((file) => file.startsWith(path.basename(out))), [], 'declined: nothing written');

    // Again, and this time the user takes the new counts.
    assert.equal(await shownExamples(frame), 3);
    await openSaveDialog(frame);
    await walPut(store, conversation('s4', 30));
    await counted(frame, 4);
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    const again = page.locator('.monaco-dialog-box', { hasText: 'The store changed while you chose the file: 3 → 4 examples. Write the new counts?' });
    await again.waitFor({ timeout: 60_000 });
    await again.locator('.monaco-button', { hasText: 'Write' }).click();
    await page.locator('.notification-toast', { hasText: /Exported 4 examples/ }).first().waitFor({ timeout: 60_000 });
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'));
    assert.equal(manifest.counts.examples, 4, 'the confirmed counts');
    assert.deepEqual(manifest.wal, { included: true, records: 6 }, 'the manifest records the state read');
    assert.equal(fs.readFileSync(out, 'utf8').split('\n').length - 1, 4);
  });

  it('lists every file Write files replaces and those another export left, and confirming removes the leftovers (issue 17 item 3)', async () => {
    const frame = await webviewFrame(page, /Wrote 4 examples|Counted in \d+ ms/);
    await counted(frame, 4);
    const out = path.join(workbench.workspace, 'exports', 'ctx-sft.jsonl');
    // A split export with a leakage report to the same name, from the command line.
    execFileSync(BIN, ['export', store, '--out', out, '--split-eval', '0.5', '--leakage', 'report'], { stdio: 'pipe' });
    const leftovers = ['ctx-sft.train.jsonl', 'ctx-sft.eval.jsonl.manifest.json', 'ctx-sft.jsonl.leakage.json'];
    for (const file of leftovers) assert.ok(fs.existsSync(path.join(path.dirname(out), file)), file);

    assert.equal(await openSaveDialog(frame), out);
    // One question, listing everything (the file input does not ask about the data file on its own).
    const ours = page.locator('.monaco-dialog-box', { hasText: `Write ctx-sft.jsonl in ${path.dirname(out)}?` });
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    await ours.waitFor({ timeout: 60_000 });
    const detail = await ours.innerText();
    for (const file of ['ctx-sft.jsonl', 'ctx-sft.jsonl.manifest.json', 'ctx-sft.jsonl.stats.json', 'ctx-sft.jsonl.run.json', ...leftovers]) assert.ok(detail.includes(file), `${file} is listed:\n${detail}`);
    assert.match(detail, /It replaces these \d+ files[\s\S]*An earlier, different export to ctx-sft\.jsonl left these \d+ files/);
    await ours.locator('.monaco-button', { hasText: 'Replace and remove' }).click();
    await page.locator('.notification-toast', { hasText: /Exported 4 examples to ctx-sft\.jsonl/ }).first().waitFor({ timeout: 60_000 });
    await until(() => leftovers.every((file) => !fs.existsSync(path.join(path.dirname(out), file))), 'the leftovers to be removed');
    assert.deepEqual(fs.readdirSync(path.dirname(out)).filter((file) => file.startsWith('ctx-sft')).sort(), [
      'ctx-sft.jsonl',
      'ctx-sft.jsonl.manifest.json',
      'ctx-sft.jsonl.run.json',
      'ctx-sft.jsonl.stats.json',
    ]);
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
