import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Page } from 'playwright-core';
import { importRecords } from '../../src/core';
import { BIN } from '../helpers/cli';
import { DIM, rec } from '../helpers/records';
import { S3_KEY, S3Fixture, startS3 } from '../helpers/s3Server';
import { runCommand, webviewFrame } from './codeServer';
import { useWorkbench } from './workbench';


/**
 * An s3:// store added through the UI (Add Store… → object storage URI → Set
 * Credentials…) against an in-process s3rver: the tree opens it with the
 * storage options typed into the password box, and those stay out of the
 * settings files.
 */
describe('extension in a real VS Code (code-server): an object storage store (s3rver)', function () {
  this.timeout(15 * 60_000);
  let s3: S3Fixture;
  let page: Page;
  let workspace: string;
  let uri: string;
  const workbench = useWorkbench({
    name: 'e2e-s3',
    prepare: async () => {
      s3 = await startS3();
      uri = `s3://${s3.bucket}/e2e/ctx.lance`;
      await importRecords(
        uri,
        [rec('u1', 'user', 'hello from s3', 1), rec('a1', 'assistant', 'hi there', 2), rec('u2', 'user', 'and again', 3), rec('a2', 'assistant', 'once more', 4)],
        { dim: DIM, storageOptions: s3.storageOptions },
      );
      await importRecords(`s3://${s3.bucket}/wrong-key/other.lance`, [rec('u1', 'user', 'unreachable', 1)], { dim: DIM, storageOptions: s3.storageOptions });
    },
    teardown: () => s3?.close(),
  });

  before(() => {
    ({ page, workspace } = workbench);
  });

  /** The storage options as the password box takes them: comma-separated key=value pairs. */
  const typed = (options: Record<string, string>) => Object.entries(options).map(([key, value]) => `${key}=${value}`).join(', ');

  /** The CLI's JSON, run asynchronously: s3rver serves from this process, so a synchronous child would wait on it forever. */
  async function cli(...args: string[]): Promise<any> {
    const { stdout } = await promisify(execFile)(BIN, args, { encoding: 'utf8' });
    return JSON.parse(stdout);
  }

  /** Add Store… → the object-storage item → the URI → "Set Credentials…" → the storage options. */
  async function addRemoteStore(location: string, options: Record<string, string>): Promise<void> {
    await runCommand(page, 'Lance Curator: Add Store…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const remote = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Object storage URI' }).first();
    await remote.waitFor({ timeout: 30_000 });
    await remote.click();
    await page.locator('.quick-input-widget', { hasText: 'Add Store: dataset URI' }).waitFor({ timeout: 30_000 });
    await input.fill(location);
    await input.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: `Added ${location}. Does it need credentials?` }).first();
    await toast.waitFor({ timeout: 30_000 });
    await toast.locator('.monaco-button', { hasText: 'Set Credentials…' }).click();
    await page.locator('.quick-input-widget', { hasText: `Storage options for ${location}` }).waitFor({ timeout: 30_000 });
    assert.equal(await input.getAttribute('type'), 'password', 'the storage options are typed into a password box');
    await input.fill(typed(options));
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  async function showTree(): Promise<void> {
    if (!(await page.locator('.part.sidebar .composite.title', { hasText: /Context Stores/i }).isVisible())) {
      await page.locator('.part.activitybar a.action-label[aria-label="Lance Curator"]').click({ timeout: 60_000 });
    }
    await page.locator('.pane-header[aria-label="Context Stores Section"]').waitFor({ state: 'attached', timeout: 30_000 });
  }

  const storeRow = (name: string) => page.locator('.pane .monaco-list-row', { has: page.locator('.label-name', { hasText: name }) }).first();

  it('adds an s3:// store with credentials from the password box and shows its rows in the tree', async () => {
    await showTree();
    await addRemoteStore(uri, s3.storageOptions);
    const row = storeRow('ctx.lance');
    await row.waitFor({ timeout: 30_000 });
    // The row first shows the store as opened without credentials; it reloads once they are set.
    await page.waitForFunction((name) => Array.from(document.querySelectorAll('.pane .monaco-list-row')).some((r) => (r as HTMLElement).innerText.includes(name) && /4 rows · 4-d/.test((r as HTMLElement).innerText)), 'ctx.lance', { timeout: 90_000 }).catch(async () => {
      assert.fail(`the s3 store's row shows: ${await row.innerText()}`);
    });
    assert.match(await row.innerText(), /4 rows · 4-d/);
  });

  it('keeps the credentials out of the settings files', async () => {
    const workspaceSettings = path.join(workspace, '.vscode', 'settings.json');
    const userSettings = path.join(workbench.server.dir, 'data', 'User', 'settings.json');
    const workspaceText = fs.readFileSync(workspaceSettings, 'utf8');
    assert.ok(JSON.parse(workspaceText)['lanceCurator.stores'].includes(uri), `the store is in the workspace settings: ${workspaceText}`);
    for (const file of [workspaceSettings, userSettings]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of [S3_KEY, 'aws_secret_access_key', 'aws_access_key_id', s3.storageOptions.aws_endpoint]) {
        assert.ok(!text.includes(secret), `${file} holds "${secret}":\n${text}`);
      }
    }
  });

  it('previews the object storage store with the CLI\'s counts', async () => {
    await runCommand(page, 'Lance Curator: Preview Export');
    const expected = await cli('preview', uri, '--json', ...s3.storageFlags);
    const frame = await webviewFrame(page, /Counted in \d+ ms/, 90_000);
    assert.equal(await frame.locator('[data-stage="input"] .stage-count').innerText(), String(expected.counts.input_records));
    assert.equal(Number(await frame.locator('[data-stage="examples"] .stage-count').getAttribute('data-examples')), expected.counts.examples);
  });

  it('shows a wrong access key on object storage as "cannot open" with the reason', async () => {
    await showTree();
    const wrong = `s3://${s3.bucket}/wrong-key/other.lance`;
    await addRemoteStore(wrong, { ...s3.storageOptions, aws_access_key_id: 'WRONG' });
    const row = storeRow('other.lance');
    await page.waitForFunction(
      (name) => Array.from(document.querySelectorAll('.pane .monaco-list-row')).some((r) => (r as HTMLElement).innerText.includes(name) && /cannot open/.test((r as HTMLElement).innerText)),
      'other.lance',
      { timeout: 90_000 },
    ).catch(async () => {
      assert.fail(`the wrong-key store's row shows: ${await row.innerText()}`);
    });
    // Expanded, the row shows why.
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const reason = page.locator('.pane .monaco-list-row', { hasText: /as a Lance dataset:/ }).first();
    await reason.waitFor({ timeout: 60_000 });
    const text = await reason.innerText();
    assert.match(text, new RegExp(`cannot open ${wrong.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} as a Lance dataset: \\S`));
    // The reason names what the server refused (s3rver: 403 InvalidAccessKeyId), not a timeout.
    assert.match(text, /403|Forbidden|InvalidAccessKeyId|SignatureDoesNotMatch/, text);
  });
});
