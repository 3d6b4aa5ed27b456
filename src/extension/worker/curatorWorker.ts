/**
 * The curation worker: a child process of the extension host that owns the
 * core's sessions (loaded columns and cached stage results per store) and
 * answers the host's requests. Runs the core off the extension host's thread.
 */
import * as path from 'node:path';
import {
  buildDemoStore,
  ContextStore,
  describeWalStatus,
  readWalStatus,
  CurationSession,
  describeGroup,
  exportTraining,
  lookupRecord,
  planExport,
} from '../../core';
import { parseExportOptions } from '../../protocol/messages';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import {
  StoreRef,
  WorkerBuildDemo,
  WorkerExport,
  WorkerForget,
  WorkerGroup,
  WorkerPlan,
  WorkerRecord,
  WorkerStoreInfo,
} from '../../protocol/workerMessages';
import { toPlanView, toRecordView } from './planView';

const sessions = new Map<string, Promise<CurationSession>>();

function keyOf(store: StoreRef): string {
  return JSON.stringify([store.location, store.storageOptions ?? {}, !!store.allowUnmergedWal]);
}

function sessionFor(store: StoreRef): Promise<CurationSession> {
  const key = keyOf(store);
  let session = sessions.get(key);
  if (!session) {
    session = CurationSession.open(store.location, {
      storageOptions: store.storageOptions,
      allowUnmergedWal: store.allowUnmergedWal,
      cachePayloads: true,
    });
    session.catch(() => sessions.delete(key));
    sessions.set(key, session);
  }
  return session;
}

function storeRef(params: unknown): StoreRef {
  const store = (params as { store?: StoreRef })?.store;
  if (!store || typeof store.location !== 'string') throw new Error('request without a store');
  return store;
}

const processChannel: Channel = {
  post: (message: Envelope) => process.send?.(message),
  listen: (handler) => {
    process.on('message', handler);
    return () => process.off('message', handler);
  },
};

export function serve(channel: Channel): RpcEndpoint {
  const rpc = new RpcEndpoint(channel);

  rpc.onRequest(WorkerStoreInfo, async (params) => {
    const ref = storeRef(params);
    const store = await ContextStore.open(ref.location, { storageOptions: ref.storageOptions });
    try {
      const versions = await store.listVersions();
      const wal = await readWalStatus(store);
      return {
        uri: store.uri,
        name: store.location.name,
        rows: await store.countRows(),
        embeddingDim: store.info.embeddingDim,
        distanceMetric: store.info.distanceMetric,
        generation: store.info.generation,
        walRecords: wal.walRecords,
        readSummary: describeWalStatus(wal),
        versions,
      };
    } finally {
      store.close();
    }
  });

  rpc.onRequest(WorkerPlan, async (params, context) => {
    const { limit } = params as { limit?: unknown };
    const options = parseExportOptions((params as { options?: unknown }).options ?? {});
    const started = performance.now();
    const session = await sessionFor(storeRef(params));
    const plan = await planExport(session, options, {
      limit: typeof limit === 'number' ? Math.min(Math.max(0, limit), 500) : 20,
      charts: true,
      signal: context.signal,
      onProgress: (progress) => context.progress(progress),
    });
    return toPlanView(plan, performance.now() - started);
  });

  rpc.onRequest(WorkerGroup, async (params, context) => {
    const { key, side } = params as { key?: unknown; side?: unknown };
    if (typeof key !== 'string') throw new Error('group request without a key');
    const options = parseExportOptions((params as { options?: unknown }).options ?? {});
    const session = await sessionFor(storeRef(params));
    const detail = await describeGroup(session, options, key, side === 'train' || side === 'eval' ? side : 'all', { signal: context.signal });
    return detail ?? null;
  });

  rpc.onRequest(WorkerRecord, async (params) => {
    const { id, version } = params as { id?: unknown; version?: unknown };
    if (typeof id !== 'string') throw new Error('record request without an id');
    const session = await sessionFor(storeRef(params));
    const record = await lookupRecord(session, id, typeof version === 'number' ? version : undefined);
    return record ? toRecordView(record) : null;
  });

  rpc.onRequest(WorkerExport, async (params, context) => {
    const { out } = params as { out?: unknown };
    if (typeof out !== 'string' || !path.isAbsolute(out)) throw new Error('export request needs an absolute output path');
    const options = parseExportOptions((params as { options?: unknown }).options ?? {});
    const started = performance.now();
    const session = await sessionFor(storeRef(params));
    const result = await exportTraining(session, options, out, { signal: context.signal, onProgress: (p) => context.progress(p) });
    return {
      outputs: result.outputs.map((o) => ({ side: o.side, path: o.path, manifestPath: o.manifestPath, statsPath: o.statsPath, examples: o.manifest.counts.examples })),
      warnings: result.warnings,
      elapsedMs: performance.now() - started,
    };
  });

  rpc.onRequest(WorkerBuildDemo, async (params) => {
    const { dir } = params as { dir?: unknown };
    if (typeof dir !== 'string' || !path.isAbsolute(dir)) throw new Error('demo request needs an absolute directory');
    const demo = await buildDemoStore(dir);
    return { store: demo.store };
  });

  rpc.onNotification(WorkerForget, (params) => {
    const key = keyOf(storeRef(params));
    const session = sessions.get(key);
    sessions.delete(key);
    void session?.then((s) => s.close()).catch(() => undefined);
  });

  return rpc;
}

if (require.main === module || process.send) {
  serve(processChannel);
  process.on('disconnect', () => process.exit(0));
}
