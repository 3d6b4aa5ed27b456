import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { serve } from '../../src/extension/worker/curatorWorker';
import {
  ExamplesRequest,
  GroupRequest,
  GroupSearchRequest,
  GroupTextRequest,
  PickHoldoutRequest,
  PlanRequest,
  PlanView,
  PreviewInit,
  PreviewInitNotification,
  RecordRequest,
  StatsDocument,
  StatsDocumentNotification,
  WriteFilesRequest,
} from '../../src/protocol/messages';
import { ReviewDecideRequest, ReviewQueueRequest, ReviewUndoRequest, WorkerReviewDecide, WorkerReviewQueue, WorkerReviewUndo } from '../../src/protocol/reviewMessages';
import { Channel, Envelope, RpcEndpoint } from '../../src/protocol/rpc';
import { StoreRef, WorkerExamples, WorkerGroup, WorkerGroupSearch, WorkerGroupText, WorkerPlan, WorkerRecord, WorkerStoreInfo } from '../../src/protocol/workerMessages';
import { makeTempDir } from '../helpers/tempDir';

const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Serves the built webview bundle in a page with the extension's CSP. */
export async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const page = /^\/(preview|stats)\.html$/.exec(url.pathname)?.[1];
    if (page) {
      const nonce = randomBytes(16).toString('base64');
      const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self'; font-src 'self'; img-src data:`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      response.end(
        `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><link rel="stylesheet" href="/dist/webview/webview.css"><title>${page}</title></head>` +
          `<body class="vscode-dark"><main id="app"></main><script nonce="${nonce}" type="module" src="/dist/webview/${page}.js"></script></body></html>`,
      );
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!file.startsWith(path.join(ROOT, 'dist', 'webview')) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** In-memory message pair: what one side posts, the other receives. */
function memoryChannels(): [Channel, Channel] {
  const a = new Set<(m: unknown) => void>();
  const b = new Set<(m: unknown) => void>();
  const make = (mine: Set<(m: unknown) => void>, theirs: Set<(m: unknown) => void>): Channel => ({
    post: (message) => queueMicrotask(() => theirs.forEach((h) => h(structuredClone(message)))),
    listen: (handler) => (mine.add(handler), () => mine.delete(handler)),
  });
  return [make(a, b), make(b, a)];
}

/**
 * Stands in for VS Code around a webview page: a stub `acquireVsCodeApi`,
 * and a host that answers the page's requests the way PreviewPanel does —
 * through the real curation worker code, on a real store.
 */
export class HostStandIn {
  readonly sent: Envelope[] = [];
  readonly requests: { method: string; params: unknown }[] = [];
  private pageEndpoint!: RpcEndpoint;
  private worker!: RpcEndpoint;
  /** Plans the host answered, in order. */
  readonly plans: PlanView[] = [];
  /** "Write files" requests the page made, in order, and what the host answers. */
  readonly writes: { options: unknown; countedVersion: number }[] = [];
  writeAnswer: { files: string[]; examples: number } | null = null;
  /** Answers for "Pick…" and "Write files", which open dialogs in VS Code. */
  holdoutPick: string | null = null;
  /** Review mode: who reviews, the labels dataset the panel's default is (the host names both), the setting. */
  reviewer = 'tester';
  reviewLabels = '';
  showRewards = false;
  /** Wakes the waits of `until` whenever something arrives (a message from the page, a plan). */
  private readonly arrivals = new Set<() => void>();

  constructor(
    readonly page: Page,
    readonly store: StoreRef,
  ) {}

  async open(url: string, state?: unknown): Promise<void> {
    // A string, not a function: the test transpiler adds helpers a page does not have.
    await this.page.addInitScript(`(() => {
      let state = ${JSON.stringify(state ?? null)} ?? undefined;
      window.__xss = false;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__toHost(m),
        getState: () => state,
        setState: (s) => { state = s; window.__state = s; },
      });
    })();`);
    const listeners = new Set<(m: unknown) => void>();
    await this.page.exposeFunction('__toHost', (message: Envelope) => {
      this.sent.push(message);
      if (message.kind === 'request') this.requests.push({ method: message.method, params: message.params });
      listeners.forEach((listener) => listener(message));
      this.arrived();
    });
    const pageChannel: Channel = {
      post: (message) => void this.page.evaluate((m) => window.postMessage(m, '*'), message as never).catch(() => undefined),
      listen: (handler) => (listeners.add(handler), () => listeners.delete(handler)),
    };
    const [hostSide, workerSide] = memoryChannels();
    serve(workerSide);
    this.worker = new RpcEndpoint(hostSide);
    this.pageEndpoint = new RpcEndpoint(pageChannel);
    const store = this.store;
    this.pageEndpoint.onRequest(PlanRequest, async ({ options, limit }, context) => {
      const plan = await this.worker.request(WorkerPlan, { store, options, limit: limit ?? 20 }, { signal: context.signal, onProgress: context.progress });
      this.plans.push(plan);
      this.arrived();
      return plan;
    });
    this.pageEndpoint.onRequest(GroupRequest, (params) => this.worker.request(WorkerGroup, { store, ...params }));
    this.pageEndpoint.onRequest(ExamplesRequest, (params, context) => this.worker.request(WorkerExamples, { store, ...params }, { signal: context.signal }));
    this.pageEndpoint.onRequest(GroupSearchRequest, (params) => this.worker.request(WorkerGroupSearch, { store, ...params }));
    this.pageEndpoint.onRequest(RecordRequest, (params) => this.worker.request(WorkerRecord, { store, ...params }));
    this.pageEndpoint.onRequest(GroupTextRequest, (params) => this.worker.request(WorkerGroupText, { store, ...params }));
    this.pageEndpoint.onRequest(PickHoldoutRequest, async () => this.holdoutPick);
    // As registerReviewHandlers: the panel's --labels, else the default the host chose.
    const review = (options: { labels?: string }) => ({ store, options, labels: options.labels?.trim() || this.reviewLabels, reviewer: this.reviewer });
    this.pageEndpoint.onRequest(ReviewQueueRequest, ({ options }) => this.worker.request(WorkerReviewQueue, { ...review(options), showRewards: this.showRewards }));
    this.pageEndpoint.onRequest(ReviewDecideRequest, ({ options, ...decision }) => this.worker.request(WorkerReviewDecide, { ...review(options), ...decision }));
    this.pageEndpoint.onRequest(ReviewUndoRequest, ({ options, eventIds }) => this.worker.request(WorkerReviewUndo, { ...review(options), eventIds }));
    this.pageEndpoint.onRequest(WriteFilesRequest, async (params) => {
      this.writes.push(params);
      this.arrived();
      return this.writeAnswer;
    });
    await this.page.goto(url);
  }

  /** Sends `preview/init` as the host does after `preview/ready`. */
  async initPreview(overrides: Partial<PreviewInit> = {}): Promise<void> {
    await this.waitForSent('preview/ready');
    const info = await this.worker.request(WorkerStoreInfo, { store: this.store });
    this.pageEndpoint.notify(PreviewInitNotification, {
      store: { uri: info.uri, name: info.name, embeddingDim: info.embeddingDim },
      versions: info.versions,
      options: { task: 'sft', groupBy: 'session_id' },
      sampleSize: 20,
      debounceMs: 50,
      defaultOutput: '/tmp/out.jsonl',
      baseDir: '/workspace',
      ...overrides,
    });
  }

  sendStats(doc: StatsDocument): void {
    this.pageEndpoint.notify(StatsDocumentNotification, doc);
  }

  private arrived(): void {
    for (const wake of [...this.arrivals]) wake();
  }

  /**
   * Resolves once `holds()` is true, checked now and on every arrival from
   * the page or the worker (no polling); fails after `timeoutMs` naming `what`.
   */
  until(holds: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (holds()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.arrivals.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!holds()) return;
        clearTimeout(timer);
        this.arrivals.delete(check);
        resolve();
      };
      this.arrivals.add(check);
    });
  }

  async waitForSent(method: string): Promise<void> {
    await this.until(() => this.sent.some((m) => (m.kind === 'notification' || m.kind === 'request') && m.method === method), `the page to send ${method}`);
  }

  /**
   * Runs `action` (an option change), then waits until the host answered a
   * newer plan and the page shows it; returns that plan.
   */
  async recount(action: () => Promise<void> = async () => undefined): Promise<PlanView> {
    const before = this.plans.length;
    await action();
    // The page marks its counts stale on every change and current only when the plan of its
    // latest options has arrived: wait for that, then take the newest plan the host answered.
    await this.until(() => this.plans.length > before, 'a new plan');
    await this.page.waitForFunction(() => {
      const funnel = document.getElementById('funnel');
      return document.getElementById('status')?.dataset.state === 'ready' && !!funnel && !funnel.classList.contains('stale');
    });
    const plan = this.plans[this.plans.length - 1];
    await this.page.waitForFunction(
      (examples) => document.querySelector('[data-stage="examples"] .stage-count')?.getAttribute('data-examples') === String(examples),
      plan.output.counts.examples,
    );
    // The examples list fetches its rows after the plan: wait for the first ones when it is on screen.
    await this.page.waitForFunction(() => {
      const scrollers = [...document.querySelectorAll<HTMLElement>('.examples-scroll')].filter((scroller) => scroller.offsetParent !== null);
      return scrollers.every((scroller) => scroller.querySelector('.example-row[data-loaded="true"]'));
    });
    return plan;
  }

  /**
   * Scrolls the examples list of `side` down, a screen at a time, until a
   * loaded row matching `selector` (and containing `text`) is in the page.
   */
  async scrollListTo(selector: string, text = '', side = 'all'): Promise<void> {
    await this.page.waitForFunction(
      ([selector, text, side]) => {
        const rows = [...document.querySelectorAll(`#examples-scroll-${side} .example-row[data-loaded="true"]`)];
        if (rows.some((row) => [...row.querySelectorAll(selector)].some((node) => (node as HTMLElement).innerText.includes(text)))) return true;
        const scroller = document.getElementById(`examples-scroll-${side}`)!;
        scroller.scrollTop += scroller.clientHeight * 0.8;
        return false;
      },
      [selector, text, side],
      { polling: 100 },
    );
  }

  /** The text of every example of the list of `side`, scrolled through from the top (rows come and go as they scroll). */
  async listText(side = 'all'): Promise<string> {
    const texts = new Map<number, string>();
    await this.page.locator(`#examples-scroll-${side}`).evaluate((scroller) => (scroller.scrollTop = 0));
    await this.page.waitForFunction(() => true);
    for (;;) {
      const handle = await this.page.waitForFunction(
        (side) => {
          const scroller = document.getElementById(`examples-scroll-${side}`)!;
          const rows = [...scroller.querySelectorAll<HTMLElement>('.example-row')];
          if (rows.length === 0 || rows.some((row) => row.dataset.loaded !== 'true')) return false;
          return { rows: rows.map((row) => [Number(row.dataset.index), row.innerText] as const), end: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1 };
        },
        side,
        { polling: 100 },
      );
      const { rows, end } = (await handle.jsonValue()) as { rows: [number, string][]; end: boolean };
      for (const [index, text] of rows) texts.set(index, text);
      if (end) break;
      await this.page.locator(`#examples-scroll-${side}`).evaluate((scroller) => (scroller.scrollTop += scroller.clientHeight * 0.8));
    }
    return [...texts.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text).join('\n');
  }

  /** The example count the funnel shows. */
  async shownExamples(): Promise<number> {
    return Number(await this.page.locator('[data-stage="examples"] .stage-count').getAttribute('data-examples'));
  }

  dispose(): void {
    this.pageEndpoint?.dispose();
    this.worker?.dispose();
  }
}

/**
 * Mocha wiring for a webview suite: one browser, server and fixture per
 * suite (`fixture` builds the store in a temp dir and returns its location),
 * a fresh page with a host stand-in per test, all closed afterwards.
 */
export function useWebviewPage(page: 'preview' | 'stats', fixture: (dir: string) => Promise<string>) {
  const context: { browser?: Browser; server?: { url: string; close(): Promise<void> }; tmp?: { dir: string; cleanup(): void }; store: string; page?: Page; host?: HostStandIn } = { store: '' };
  before(async () => {
    const tmp = makeTempDir();
    context.tmp = tmp;
    context.store = await fixture(tmp.dir);
    [context.browser, context.server] = await Promise.all([launchBrowser(), startServer()]);
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
    context.tmp?.cleanup();
  });
  beforeEach(async () => {
    context.page = await context.browser!.newPage({ viewport: { width: 1200, height: 900 } });
    context.host = new HostStandIn(context.page, { location: context.store });
    await context.host.open(`${context.server!.url}/${page}.html`);
  });
  afterEach(async () => {
    context.host?.dispose();
    await context.page?.close();
  });
  return {
    get page(): Page {
      return context.page!;
    },
    get host(): HostStandIn {
      return context.host!;
    },
    get browser(): Browser {
      return context.browser!;
    },
    get url(): string {
      return context.server!.url;
    },
    get store(): string {
      return context.store;
    },
    get dir(): string {
      return context.tmp!.dir;
    },
  };
}

/** How many of the canvases matched by `locator` have at least one painted pixel. */
export async function paintedCanvases(locator: import('playwright-core').Locator): Promise<{ total: number; painted: number }> {
  const painted = await locator.evaluateAll((canvases) =>
    canvases.map((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    }),
  );
  return { total: painted.length, painted: painted.filter(Boolean).length };
}
