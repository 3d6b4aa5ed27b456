/**
 * The curation worker: a child process of the extension host that owns the
 * core's sessions (loaded columns and cached stage results per store) and
 * answers the host's requests. Runs the core off the extension host's thread.
 */
import {
  buildDemoStore,
  ContextStore,
  describeWalStatus,
  readWalStatus,
  CurationSession,
  describeGroup,
  exportTraining,
  groupUnitTextOf,
  lookupRecord,
  planExport,
} from '../../core';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import {
  StoreRef,
  WorkerBuildDemo,
  WorkerExport,
  WorkerForget,
  WorkerGroup,
  WorkerGroupText,
  WorkerPlan,
  WorkerRecord,
  WorkerStoreInfo,
} from '../../protocol/workerMessages';
import { toPlanView, toRecordDetailView } from './planView';
import { serveReview } from './reviewService';

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

const processChannel: Channel = {
  post: (message: Envelope) => process.send?.(message),
  listen: (handler) => {
    process.on('message', handler);
    return () => process.off('message', handler);
  },
};

export function serve(channel: Channel): RpcEndpoint {
  const rpc = new RpcEndpoint(channel, (error) => process.stderr.write(`dropped a malformed message: ${error.message}\n`));

  rpc.onRequest(WorkerStoreInfo, async ({ store: ref }) => {
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

  rpc.onRequest(WorkerPlan, async ({ store, options, limit }, context) => {
    const started = performance.now();
    const session = await sessionFor(store);
    const plan = await planExport(session, options, {
      limit,
      charts: true,
      signal: context.signal,
      onProgress: (progress) => context.progress(progress),
    });
    return toPlanView(plan, performance.now() - started);
  });

  rpc.onRequest(WorkerGroup, async ({ store, options, key, side }, context) => {
    const session = await sessionFor(store);
    const detail = await describeGroup(session, options, key, side, { signal: context.signal });
    return detail ?? null;
  });

  rpc.onRequest(WorkerGroupText, async ({ store, options, stage, key }, context) => {
    const session = await sessionFor(store);
    return (await groupUnitTextOf(session, options, stage, key, { signal: context.signal })) ?? null;
  });

  rpc.onRequest(WorkerRecord, async ({ store, id, version }) => {
    const session = await sessionFor(store);
    const record = await lookupRecord(session, id, version);
    return record ? toRecordDetailView(record) : null;
  });

  rpc.onRequest(WorkerExport, async ({ store, options, out }, context) => {
    const started = performance.now();
    const session = await sessionFor(store);
    const result = await exportTraining(session, options, out, { signal: context.signal, onProgress: (p) => context.progress(p) });
    return {
      outputs: result.outputs.map((o) => ({ side: o.side, path: o.path, manifestPath: o.manifestPath, statsPath: o.statsPath, provenancePath: o.provenancePath, examples: o.manifest.counts.examples })),
      warnings: result.warnings,
      elapsedMs: performance.now() - started,
    };
  });

  rpc.onRequest(WorkerBuildDemo, async ({ dir }) => {
    const demo = await buildDemoStore(dir);
    return { store: demo.store };
  });

  rpc.onNotification(WorkerForget, ({ store }) => {
    const key = keyOf(store);
    const session = sessions.get(key);
    sessions.delete(key);
    void session?.then((s) => s.close()).catch(() => undefined);
  });

  serveReview(rpc, sessionFor);
  return rpc;
}

if (require.main === module || process.send) {
  serve(processChannel);
  process.on('disconnect', () => process.exit(0));
}
