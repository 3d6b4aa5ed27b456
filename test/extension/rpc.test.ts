import { strict as assert } from 'node:assert';
import * as v from 'valibot';
import { CuratorError } from '../../src/core/errors';
import { ExportOptionsSchema } from '../../src/core/options/exportOptions';
import { Channel, Envelope, notificationType, requestType, RpcEndpoint } from '../../src/protocol/rpc';

/** Two endpoints joined by an in-memory channel; `deliver` is explicit so tests order steps by hand. */
function pair() {
  const queues: [Envelope[], Envelope[]] = [[], []];
  const handlers: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const channel = (me: 0 | 1): Channel => ({
    post: (message) => queues[1 - me].push(structuredClone(message)),
    listen: (handler) => (handlers[me].push(handler), () => undefined),
  });
  const invalid: CuratorError[] = [];
  const a = new RpcEndpoint(channel(0));
  const b = new RpcEndpoint(channel(1), (error) => invalid.push(error));
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
  return { a, b, deliver, inject, queues, invalid };
}

const Add = requestType('test/add', v.strictObject({ x: v.number(), y: v.number() }), v.number());
const Slow = requestType('test/slow', v.strictObject({}), v.string());
const Ping = notificationType('test/ping', v.strictObject({ n: v.number() }));
const Plan = requestType('test/plan', v.strictObject({ options: ExportOptionsSchema }), v.string());

describe('message protocol', () => {
  it('answers a request with the result under the same id', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Add, ({ x, y }) => x + y);
    const result = a.request(Add, { x: 2, y: 3 });
    await deliver();
    assert.equal(await result, 5);
  });

  it('turns a thrown error into a rejected request carrying its fields', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Add, () => {
      throw new CuratorError('input', 'record r-17 in ctx.lance: metadata is not valid JSON', { recordId: 'r-17', file: 'ctx.lance' });
    });
    const result = a.request(Add, { x: 1, y: 1 });
    await deliver();
    await assert.rejects(result, (error: unknown) => CuratorError.is(error, 'input') && error.details.recordId === 'r-17' && error.details.file === 'ctx.lance');
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
    await assert.rejects(result, (error: unknown) => CuratorError.is(error, 'cancelled'));
  });

  it('delivers notifications to their subscribers only', async () => {
    const { a, b, deliver } = pair();
    const seen: unknown[] = [];
    b.onNotification(Ping, (params) => seen.push(params));
    a.notify(Ping, { n: 1 });
    a.notify(notificationType('test/other', v.strictObject({})), {});
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
    const result = a.request(requestType('test/nope', v.unknown(), v.unknown()), {});
    await deliver();
    await assert.rejects(result, /unknown request test\/nope/);
    void b;
  });

  it('refuses a request whose params fail the schema before the handler runs, naming the option', async () => {
    const { a, b, deliver } = pair();
    let ran = false;
    b.onRequest(Plan, () => ((ran = true), 'planned'));
    const result = a.request(Plan, { options: { splitSeed: '123456789012345678901' } } as never);
    await deliver();
    await assert.rejects(result, (error: unknown) => CuratorError.is(error, 'usage') && error.details.option === 'splitSeed');
    assert.equal(ran, false);
  });

  it('hands handlers typed params and refuses unknown option keys', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Plan, ({ options }) => options.task ?? 'none');
    const good = a.request(Plan, { options: { task: 'rollout' } });
    const unknown = a.request(Plan, { options: { tsk: 'rollout' } } as never);
    await deliver();
    assert.equal(await good, 'rollout');
    await assert.rejects(unknown, /tsk/);
  });

  it('drops a notification that fails its schema and reports it', async () => {
    const { a, b, deliver, invalid } = pair();
    const seen: unknown[] = [];
    b.onNotification(Ping, (params) => seen.push(params));
    a.notify(Ping, { n: 'one' } as never);
    await deliver();
    assert.deepEqual(seen, []);
    assert.equal(invalid.length, 1);
  });

  it('rejects a reply that fails the result schema as an internal error', async () => {
    const { a, b, deliver } = pair();
    b.onRequest(Add, () => 'five' as never);
    const result = a.request(Add, { x: 2, y: 3 });
    await deliver();
    await assert.rejects(result, (error: unknown) => CuratorError.is(error, 'internal'));
  });

  it('fails pending requests when disposed', async () => {
    const { a } = pair();
    const result = a.request(Add, { x: 1, y: 2 });
    a.dispose();
    await assert.rejects(result, (error: unknown) => CuratorError.is(error, 'cancelled'));
  });
});
