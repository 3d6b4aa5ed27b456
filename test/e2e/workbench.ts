import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tempDir';
import { CodeServer, codeServerInstalled, openWorkbench } from './codeServer';

export const ROOT = path.resolve(__dirname, '../..');
export const VSIX = path.join(ROOT, 'lance-curator-linux-x64.vsix');

/** Folders of one suite's run: its temp dir and the workspace folder code-server opens. */
export interface WorkbenchDirs {
  tmp: string;
  workspace: string;
}

export interface WorkbenchSetup {
  /** Names the run: the temp dir prefix, failure screenshots and the timing line. */
  name: string;
  /** Fills the workspace (and anything else the suite needs) before code-server starts. */
  prepare?(dirs: WorkbenchDirs): Promise<void> | void;
  /** User settings and keybindings installed with the extension. */
  settings?: Record<string, unknown>;
  keybindings?(dirs: WorkbenchDirs): unknown[];
  /** Runs after the workbench closed, before the temp dir goes (stop the suite's own servers). */
  teardown?(): Promise<void> | void;
}

/** A live view of the suite's workbench: filled in by its `before` hook. */
export interface Workbench extends WorkbenchDirs {
  page: Page;
  context: BrowserContext;
  server: CodeServer;
}

/**
 * One code-server with the packaged extension and a Chromium on it, for the
 * describe block this is called in: set up before its tests, torn down after;
 * a failed test leaves a screenshot in test-results/ and the extension's log
 * in the output.
 *
 * @example
 * const workbench = useWorkbench({ name: 'e2e', prepare: ({ workspace }) => writeDemo(workspace) });
 * it('…', async () => workbench.page.locator('.monaco-workbench').waitFor());
 */
export function useWorkbench(setup: WorkbenchSetup): Workbench {
  const workbench = {} as Workbench;
  let cleanup: (() => void) | undefined;
  const started = Date.now();

  before(async function () {
    if (!codeServerInstalled()) throw new Error('code-server is not installed: run bash scripts/ensure-test-deps.sh code-server');
    const tmp = makeTempDir(`lance-curator-${setup.name}-`);
    cleanup = tmp.cleanup;
    const dirs = { tmp: tmp.dir, workspace: path.join(tmp.dir, 'workspace') };
    fs.mkdirSync(dirs.workspace);
    await setup.prepare?.(dirs);
    if (!fs.existsSync(VSIX)) execFileSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    const server = new CodeServer(path.join(dirs.tmp, 'cs'));
    server.install(VSIX, setup.settings ?? {}, setup.keybindings?.(dirs) ?? []);
    Object.assign(workbench, dirs, { server });
    await server.start(dirs.workspace);
    Object.assign(workbench, await openWorkbench(path.join(dirs.tmp, 'chromium'), server.url(dirs.workspace)));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench.page) {
      fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await workbench.page.screenshot({ path: path.join(ROOT, 'test-results', `${setup.name}-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
    }
  });

  after(async function () {
    if (this.currentTest?.state === 'failed' && workbench.server) console.log(workbench.server.extensionLog());
    await workbench.context?.close();
    workbench.server?.stop();
    await setup.teardown?.();
    cleanup?.();
    console.log(`      ${setup.name} run took ${Math.round((Date.now() - started) / 1000)} s`);
  });

  return workbench;
}
