import { ChildProcess, fork } from 'node:child_process';
import { withMallocTuning } from '../core/spill/mallocTuning';
import * as path from 'node:path';
import { CuratorError } from '../core/errors';
import { Channel, Envelope, NotificationType, RequestOptions, RequestType, RpcEndpoint } from '../protocol/rpc';

/**
 * The host's handle on the curation worker process. Starts it on first use,
 * restarts it after a crash (failing the requests in flight), and forwards
 * its stderr to the log.
 */
export class CuratorClient {
  private child: ChildProcess | undefined;
  private rpc: RpcEndpoint | undefined;
  private disposed = false;
  /** Requests the worker makes of the host, registered again on each (re)started worker. */
  private readonly handlers: ((rpc: RpcEndpoint) => void)[] = [];

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
  ) {}

  /** The worker script next to the extension bundle. */
  static workerNextTo(bundleDir: string): string {
    return path.join(bundleDir, 'curatorWorker.js');
  }

  request<P, R>(type: RequestType<P, R>, params: P, options: RequestOptions = {}): Promise<R> {
    return this.endpoint().request(type, params, options);
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    this.endpoint().notify(type, params);
  }

  /** Answers a request the worker makes of the host (now and after a restart). */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P) => R | Promise<R>): void {
    const register = (rpc: RpcEndpoint) => rpc.onRequest(type, (params) => handler(params));
    this.handlers.push(register);
    if (this.rpc) register(this.rpc);
  }

  dispose(): void {
    this.disposed = true;
    this.rpc?.dispose();
    this.child?.kill();
    this.child = undefined;
    this.rpc = undefined;
  }

  private endpoint(): RpcEndpoint {
    if (this.disposed) throw new CuratorError('cancelled', 'Lance Curator is shutting down');
    if (this.rpc) return this.rpc;
    const child = fork(this.workerPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [], env: withMallocTuning() });
    child.stdout?.on('data', (chunk: Buffer) => this.log(`[worker] ${chunk.toString().trimEnd()}`));
    child.stderr?.on('data', (chunk: Buffer) => this.log(`[worker] ${chunk.toString().trimEnd()}`));
    const channel: Channel = {
      post: (message: Envelope) => {
        if (child.connected) child.send(message);
      },
      listen: (handler) => {
        child.on('message', handler);
        return () => child.off('message', handler);
      },
    };
    const rpc = new RpcEndpoint(channel, (error) => this.log(`dropped a malformed message from the worker: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      if (!this.disposed) this.log(`curation worker exited (${signal ?? code}); it restarts on the next request`);
      rpc.dispose();
      this.child = undefined;
      this.rpc = undefined;
    });
    for (const register of this.handlers) register(rpc);
    this.child = child;
    this.rpc = rpc;
    this.log(`curation worker started (pid ${child.pid})`);
    return rpc;
  }
}
