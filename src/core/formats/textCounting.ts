import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TextCounting, TokenCounter } from './bundledCounter';

/** The messages a token-count worker takes: the encoding once, then batches of texts. */
export type CountRequest = { kind: 'encoding'; name: string; ranks: unknown } | { kind: 'texts'; id: number; texts: string[] };
export type CountReply = { id: number; counts: Int32Array };

/**
 * When an export counts on worker threads: from this many groups on (a
 * smaller run is done before threads would have loaded the encoding). Tests
 * set it to run either path on the same store.
 */
export const countingThreads = { minGroups: 2048 };

/** Workers per encoding, started on first use and kept (unref'd) for later runs of the process. */
const pools = new Map<string, WorkerCounting | null>();

/**
 * Token counting on worker threads with the same counter as this thread's
 * (each worker rebuilds it from the encoding's ranks). A batch is cut into
 * one run of texts per worker, balanced by length; if a worker fails, the
 * batch is counted here instead, so counts never depend on the threads.
 */
class WorkerCounting implements TextCounting {
  private nextId = 0;
  private readonly waiting = new Map<number, (counts: Int32Array | undefined) => void>();
  private inFlight = 0;
  private broken = false;

  constructor(
    private readonly workers: Worker[],
    private readonly counter: TokenCounter,
  ) {
    for (const worker of workers) {
      worker.on('message', (reply: CountReply) => this.answer(reply.id, reply.counts));
      worker.on('error', () => this.fail());
      worker.on('exit', () => this.fail());
      // After the listeners (a message listener refs the worker again): idle workers never hold the process open.
      worker.unref();
    }
  }

  async count(texts: string[]): Promise<Int32Array> {
    if (this.broken || texts.length === 0) return this.countHere(texts);
    const cuts = cutByLength(texts, this.workers.length);
    if (this.inFlight++ === 0) for (const worker of this.workers) worker.ref();
    try {
      const parts = await Promise.all(cuts.map((range, k) => this.ask(this.workers[k], texts.slice(range[0], range[1]))));
      if (parts.some((part) => part === undefined)) return this.countHere(texts);
      const counts = new Int32Array(texts.length);
      parts.forEach((part, k) => counts.set(part!, cuts[k][0]));
      return counts;
    } finally {
      if (--this.inFlight === 0) for (const worker of this.workers) worker.unref();
    }
  }

  private ask(worker: Worker, texts: string[]): Promise<Int32Array | undefined> {
    if (texts.length === 0) return Promise.resolve(new Int32Array(0));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const request: CountRequest = { kind: 'texts', id, texts };
      worker.postMessage(request);
    });
  }

  private answer(id: number, counts: Int32Array | undefined): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(counts);
  }

  /** A worker died: what it owed is counted here, and so is everything after. */
  private fail(): void {
    this.broken = true;
    for (const id of [...this.waiting.keys()]) this.answer(id, undefined);
  }

  private countHere(texts: string[]): Int32Array {
    return Int32Array.from(texts, (text) => this.counter.count(text));
  }
}

/** `parts` contiguous ranges of `texts` of about equal total length. */
function cutByLength(texts: string[], parts: number): [number, number][] {
  let total = 0;
  for (const text of texts) total += text.length;
  const cuts: [number, number][] = [];
  let start = 0;
  let sum = 0;
  for (let i = 0; i < texts.length && cuts.length < parts - 1; i++) {
    sum += texts[i].length;
    if (sum >= (total * (cuts.length + 1)) / parts) {
      cuts.push([start, i + 1]);
      start = i + 1;
    }
  }
  cuts.push([start, texts.length]);
  return cuts;
}

function workerSource(): string | undefined {
  try {
    return (require('./generated/tokenCountWorkerSource') as typeof import('./generated/tokenCountWorkerSource')).TOKEN_COUNT_WORKER_SOURCE;
  } catch {
    return undefined;
  }
}

/**
 * Counting on worker threads for a bundled encoding (`ranks`: its byte-pair
 * ranks, sent to each worker once), or undefined when threads are not
 * available (the build did not generate the worker, or only one core).
 */
export function workerCounting(counter: TokenCounter, ranks: unknown): TextCounting | undefined {
  let pool = pools.get(counter.name);
  if (pool === undefined) {
    pool = null;
    const source = workerSource();
    // The main thread prepares lines meanwhile: one worker per other core.
    const size = Math.min(3, (os.availableParallelism?.() ?? os.cpus().length) - 1);
    if (source && size >= 1) {
      try {
        const workers = Array.from({ length: size }, () => new Worker(source, { eval: true }));
        const request: CountRequest = { kind: 'encoding', name: counter.name, ranks };
        for (const worker of workers) worker.postMessage(request);
        pool = new WorkerCounting(workers, counter);
      } catch {
        pool = null;
      }
    }
    pools.set(counter.name, pool);
  }
  return pool ?? undefined;
}
