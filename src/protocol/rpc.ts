/**
 * Typed request/response messaging over any `postMessage`-like channel: the
 * webview and its host, the host and its curation worker. Each message type
 * carries the schemas of what it sends, and the endpoint checks a message once,
 * where it arrives: handlers and callers receive typed values. Requests carry
 * an id; the reply echoes it with a result or an error; `cancel` names the id;
 * progress notifications name it too.
 */
import * as v from 'valibot';
import { CURATOR_ERROR_KINDS, CuratorError, reviveCuratorError, SerializedCuratorError, serializeError } from '../core/errors';

export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; result?: unknown; error?: SerializedCuratorError }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'cancel'; id: number };

/** A request type: its method name and the schemas of its params and result. */
export interface RequestType<P, R> {
  readonly method: string;
  readonly params: v.GenericSchema<unknown, P>;
  readonly result: v.GenericSchema<unknown, R>;
}

/** A notification type: its method name and the schema of its params. */
export interface NotificationType<P> {
  readonly method: string;
  readonly params: v.GenericSchema<unknown, P>;
}

export function requestType<P, R>(method: string, params: v.GenericSchema<unknown, P>, result: v.GenericSchema<unknown, R>): RequestType<P, R> {
  return { method, params, result };
}

export function notificationType<P>(method: string, params: v.GenericSchema<unknown, P>): NotificationType<P> {
  return { method, params };
}

/** Where messages go and come from. */
export interface Channel {
  post(message: Envelope): void;
  /** Subscribes to incoming messages; returns an unsubscribe function. */
  listen(handler: (message: unknown) => void): () => void;
}

export interface RequestOptions<Progress = unknown> {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface HandlerContext {
  /** Fires when the requester cancels (or the endpoint is disposed). */
  signal: AbortSignal;
  progress(progress: unknown): void;
}

type Handler = (params: unknown, context: HandlerContext) => unknown;

interface Pending {
  type: RequestType<unknown, unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?(progress: unknown): void;
}

/** Checks that an unknown value is a well-formed envelope. */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.kind) {
    case 'request':
      return Number.isInteger(m.id) && typeof m.method === 'string';
    case 'response':
    case 'progress':
    case 'cancel':
      return Number.isInteger(m.id);
    case 'notification':
      return typeof m.method === 'string';
    default:
      return false;
  }
}

/**
 * Checks a value against a message's schema. A problem with an export option
 * keeps the option's name (`details.option`) so the panel can show it next to
 * its control.
 */
export function checkMessage<T>(schema: v.GenericSchema<unknown, T>, value: unknown, what: string): T {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)) ?? [];
  const optionAt = path.indexOf('options');
  const option = optionAt >= 0 && path.length > optionAt + 1 ? path[optionAt + 1] : undefined;
  return fail(new CuratorError('usage', option ? issue.message : `${what}: ${path.length ? `${path.join('.')}: ` : ''}${issue.message}`, { option }));
}

function fail(error: CuratorError): never {
  throw error;
}

/** One side of a conversation. */
export class RpcEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Map<number, AbortController>();
  private readonly handlers = new Map<string, { type: RequestType<unknown, unknown>; handler: Handler }>();
  private readonly listeners = new Map<string, { type: NotificationType<unknown>; listeners: Set<(params: unknown) => void> }>();
  private readonly unlisten: () => void;

  /** `onInvalid` hears about notifications dropped because they failed their schema. */
  constructor(
    private readonly channel: Channel,
    private readonly onInvalid: (error: CuratorError) => void = () => undefined,
  ) {
    this.unlisten = channel.listen((message) => this.receive(message));
  }

  /** Sends a request; rejects with the other side's CuratorError, and cancels the remote work on abort. */
  request<P, R>(type: RequestType<P, R>, params: P, options: RequestOptions = {}): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new CuratorError('cancelled', 'cancelled'));
        return;
      }
      const onAbort = () => this.channel.post({ kind: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        type: type as RequestType<unknown, unknown>,
        resolve: (value) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value as R);
        },
        reject: (error) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onProgress: options.onProgress,
      });
      this.channel.post({ kind: 'request', id, method: type.method, params });
    });
  }

  /** Handles requests of `type`; the params are checked against its schema before the handler runs. */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P, context: HandlerContext) => R | Promise<R>): void {
    this.handlers.set(type.method, { type: type as RequestType<unknown, unknown>, handler: handler as Handler });
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    this.channel.post({ kind: 'notification', method: type.method, params });
  }

  /** Subscribes to notifications of `type` (checked against its schema); returns an unsubscribe function. */
  onNotification<P>(type: NotificationType<P>, listener: (params: P) => void): () => void {
    let entry = this.listeners.get(type.method);
    if (!entry) this.listeners.set(type.method, (entry = { type: type as NotificationType<unknown>, listeners: new Set() }));
    const set = entry.listeners;
    set.add(listener as (params: unknown) => void);
    return () => set.delete(listener as (params: unknown) => void);
  }

  /** Stops listening, cancels running handlers and fails pending requests. */
  dispose(): void {
    this.unlisten();
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    for (const pending of this.pending.values()) pending.reject(new CuratorError('cancelled', 'channel closed'));
    this.pending.clear();
  }

  private receive(message: unknown): void {
    if (!isEnvelope(message)) return;
    switch (message.kind) {
      case 'request':
        void this.handle(message.id, message.method, message.params);
        break;
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.error) {
          pending.reject(reviveCuratorError(checkWireError(message.error)));
          return;
        }
        try {
          pending.resolve(checkMessage(pending.type.result, message.result, `reply to ${pending.type.method}`));
        } catch (error) {
          pending.reject(new CuratorError('internal', (error as Error).message));
        }
        break;
      }
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        break;
      case 'cancel':
        this.running.get(message.id)?.abort();
        break;
      case 'notification': {
        const entry = this.listeners.get(message.method);
        if (!entry) return;
        let params: unknown;
        try {
          params = checkMessage(entry.type.params, message.params, message.method);
        } catch (error) {
          this.onInvalid(error as CuratorError);
          return;
        }
        for (const listener of entry.listeners) listener(params);
        break;
      }
    }
  }

  private async handle(id: number, method: string, params: unknown): Promise<void> {
    const entry = this.handlers.get(method);
    if (!entry) {
      this.channel.post({ kind: 'response', id, error: { kind: 'usage', message: `unknown request ${method}` } });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const checked = checkMessage(entry.type.params, params, method);
      const result = await entry.handler(checked, {
        signal: controller.signal,
        progress: (progress) => this.channel.post({ kind: 'progress', id, progress }),
      });
      this.channel.post({ kind: 'response', id, result });
    } catch (error) {
      this.channel.post({ kind: 'response', id, error: controller.signal.aborted ? { kind: 'cancelled', message: 'cancelled' } : serializeError(error) });
    } finally {
      this.running.delete(id);
    }
  }
}

/** An error reply is checked like any message: a malformed one becomes an internal error, not a crash. */
function checkWireError(error: unknown): SerializedCuratorError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const kind = (CURATOR_ERROR_KINDS as readonly unknown[]).includes(e.kind) ? (e.kind as SerializedCuratorError['kind']) : 'internal';
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    kind,
    message: text(e.message) ?? 'malformed error reply',
    file: text(e.file),
    recordId: text(e.recordId),
    field: text(e.field),
    option: text(e.option),
    line: typeof e.line === 'number' ? e.line : undefined,
  };
}
