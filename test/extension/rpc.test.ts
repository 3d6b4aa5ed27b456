import { strict as assert } from 'node:assert';
import { Channel, Envelope, notificationType, RemoteError, requestType, RpcEndpoint } from '../../src/protocol/rpc';

/** Two endpoints joined by an in-memory channel; `deliver` is explicit so tests order steps by hand. */
function pair() {
  const queues: [Envelope[], Envelope[]] = [[], []];
  const handlers: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const channel = (me: 0 | 1): Channel => ({
    post: (message) => queues[1 - me].push(structuredClone(message)),
    listen: (handler) => (handlers[me].push(handler), () => undefined),
  });
  const a = new RpcEndpoint(channel(0));
  const b = new RpcEndpoint(channel(1));
  const deliver = async () => {
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const side of [0, 1] as const) {
        while (queues[side].length) {
          const message = queues[side].shift();
          handlers[side].forEach((h) => h(message));
        }
      }
    }
  };
  const inject = (side: 0 | 1, message: unknown) => handlers[side].forEach((h) => h(message));
  return { a, b, deliver, inject, queues };
}

const Add = requestType<{ x: number; y: number }, number>('test/add');
const Slow = requestType<Record<string, never>, string>('test/slow');
const Ping = notificationType<{ n: number }>('test/ping');

describe('message protocol', () => {
  it('answers a request with the result under the same id', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Add, (params) => (params as { x: number; y: number }).x + (params as { x: number; y: number }).y);
    const result = a.request(Add, { x: 2, y: 3 });
    await deliver();
    assert.equal(await result, 5);
  });

  it('turns a thrown error into a rejected request carrying its fields', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Add, () => {
      throw Object.assign(new Error('record r-17 in ctx.lance: metadata is not valid JSON'), { kind: 'input', details: { recordId: 'r-17', file: 'ctx.lance' } });
    });
    const result = a.request(Add, { x: 1, y: 1 });
    await deliver();
    await assert.rejects(result, (error: unknown) => error instanceof RemoteError && error.wire.recordId === 'r-17' && error.wire.kind === 'input');
  });

  it('relays progress and cancels the handler when the requester aborts', async () => {
    const { a, b, deliver } = pair();
    let handlerSignal: AbortSignal | undefined;
    b.onRequest(Slow, (_params, context) => {
      handlerSignal = context.signal;
      context.progress({ stage: 'scan', done: 1 });
      return new Promise<string>((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('stopped'))));
    });
    const controller = new AbortController();
    const progress: unknown[] = [];
    const result = a.request(Slow, {}, { signal: controller.signal, onProgress: (p) => progress.push(p) });
    await deliver();
    assert.deepEqual(progress, [{ stage: 'scan', done: 1 }]);
    controller.abort();
    await deliver();
    assert.equal(handlerSignal?.aborted, true);
    await assert.rejects(result, (error: unknown) => error instanceof RemoteError && error.cancelled);
  });

  it('delivers notifications to their subscribers only', async () => {
    const { a, b, deliver } = pair();
    const seen: unknown[] = [];
    b.onNotification(Ping, (params) => seen.push(params));
    a.notify(Ping, { n: 1 });
    a.notify(notificationType('test/other'), {});
    await deliver();
    assert.deepEqual(seen, [{ n: 1 }]);
  });

  it('ignores malformed messages and answers unknown methods with an error', async () => {
    const { a, b, deliver, inject, queues } = pair();
    inject(1, 'not an envelope');
    inject(1, { kind: 'request', id: 'x', method: 'test/add' });
    inject(1, { kind: 'response' });
    inject(1, null);
    assert.equal(queues[0].length, 0, 'nothing answered to malformed messages');
    const result = a.request(requestType<unknown, unknown>('test/nope'), {});
    await deliver();
    await assert.rejects(result, /unknown request test\/nope/);
    void b;
  });

  it('fails pending requests when disposed', async () => {
    const { a } = pair();
    const result = a.request(Add, { x: 1, y: 2 });
    a.dispose();
    await assert.rejects(result, (error: unknown) => error instanceof RemoteError && error.cancelled);
  });
});
