/**
 * Typed request/response messaging over any `postMessage`-like channel: the
 * webview and its host, the host and its curation worker. Requests carry an
 * id; the reply echoes it with a result or an error; `cancel` names the id;
 * progress notifications name it too. Incoming messages are shape-checked,
 * and request params are validated by the receiver before use.
 */

/** A serialized error as it crosses the channel. */
export interface WireError {
  kind: string;
  message: string;
  file?: string;
  recordId?: string;
  field?: string;
  line?: number;
}

export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; result?: unknown; error?: WireError }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'cancel'; id: number };

/** A request type: its method name, and (as phantom types) its params and result. */
export interface RequestType<P, R> {
  readonly method: string;
  readonly _params?: P;
  readonly _result?: R;
}

/** A notification type: its method name and params. */
export interface NotificationType<P> {
  readonly method: string;
  readonly _params?: P;
}

export function requestType<P, R>(method: string): RequestType<P, R> {
  return { method };
}

export function notificationType<P>(method: string): NotificationType<P> {
  return { method };
}

/** Where messages go and come from. */
export interface Channel {
  post(message: Envelope): void;
  /** Subscribes to incoming messages; returns an unsubscribe function. */
  listen(handler: (message: unknown) => void): () => void;
}

/** Thrown on the requesting side when the other side replied with an error. */
export class RemoteError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'RemoteError';
  }
  get cancelled(): boolean {
    return this.wire.kind === 'cancelled';
  }
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

/** Turns any thrown value into a wire error. */
export function toWireError(error: unknown): WireError {
  if (error && typeof error === 'object') {
    const e = error as { kind?: unknown; message?: unknown; details?: Record<string, unknown>; name?: unknown };
    const details = e.details ?? {};
    const kind = typeof e.kind === 'string' ? e.kind : e.name === 'AbortError' ? 'cancelled' : 'internal';
    return {
      kind,
      message: typeof e.message === 'string' ? e.message : String(error),
      file: typeof details.file === 'string' ? details.file : undefined,
      recordId: typeof details.recordId === 'string' ? details.recordId : undefined,
      field: typeof details.field === 'string' ? details.field : undefined,
      line: typeof details.line === 'number' ? details.line : undefined,
    };
  }
  return { kind: 'internal', message: String(error) };
}

/** One side of a conversation. */
export class RpcEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; onProgress?(p: unknown): void }>();
  private readonly running = new Map<number, AbortController>();
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();
  private readonly unlisten: () => void;

  constructor(private readonly channel: Channel) {
    this.unlisten = channel.listen((message) => this.receive(message));
  }

  /** Sends a request; rejects with RemoteError on an error reply, and cancels the remote work on abort. */
  request<P, R>(type: RequestType<P, R>, params: P, options: RequestOptions = {}): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new RemoteError({ kind: 'cancelled', message: 'cancelled' }));
        return;
      }
      const onAbort = () => this.channel.post({ kind: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
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

  /** Handles requests of `type`; the handler validates its params (they come from another process). */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: unknown, context: HandlerContext) => R | Promise<R>): void {
    this.handlers.set(type.method, handler as Handler);
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    this.channel.post({ kind: 'notification', method: type.method, params });
  }

  /** Subscribes to notifications of `type`; returns an unsubscribe function. */
  onNotification<P>(type: NotificationType<P>, listener: (params: unknown) => void): () => void {
    let set = this.listeners.get(type.method);
    if (!set) this.listeners.set(type.method, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Stops listening, cancels running handlers and fails pending requests. */
  dispose(): void {
    this.unlisten();
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    for (const pending of this.pending.values()) pending.reject(new RemoteError({ kind: 'cancelled', message: 'channel closed' }));
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
        if (message.error) pending.reject(new RemoteError(message.error));
        else pending.resolve(message.result);
        break;
      }
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        break;
      case 'cancel':
        this.running.get(message.id)?.abort();
        break;
      case 'notification':
        for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
        break;
    }
  }

  private async handle(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method);
    if (!handler) {
      this.channel.post({ kind: 'response', id, error: { kind: 'usage', message: `unknown request ${method}` } });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const result = await handler(params, {
        signal: controller.signal,
        progress: (progress) => this.channel.post({ kind: 'progress', id, progress }),
      });
      this.channel.post({ kind: 'response', id, result });
    } catch (error) {
      this.channel.post({ kind: 'response', id, error: controller.signal.aborted ? { kind: 'cancelled', message: 'cancelled' } : toWireError(error) });
    } finally {
      this.running.delete(id);
    }
  }
}
