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
  ExportOptions,
  ExportPlan,
  RunHooks,
  exportTraining,
  groupUnitTextOf,
  lookupRecord,
  planExport,
} from '../../core';
import { CuratorError } from '../../core/errors';
import { SpillSettings, spillSettingsOf } from '../../core/spill/memoryBudget';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import {
  StoreRef,
  WorkerBuildDemo,
  WorkerExamples,
  WorkerExport,
  WorkerForget,
  HostConfirmMoved,
  WorkerGroup,
  WorkerGroupSearch,
  WorkerGroupText,
  WorkerPlan,
  WorkerRecord,
  WorkerStoreInfo,
} from '../../protocol/workerMessages';
import { toListedExampleView, toPlanView, toRecordDetailView } from './planView';
import { serveReview } from './reviewService';

const sessions = new Map<string, Promise<CurationSession>>();

function keyOf(store: StoreRef): string {
  return JSON.stringify([store.location, store.storageOptions ?? {}, !!store.allowUnmergedWal, store.memoryBudget ?? '', store.tempDir ?? '']);
}

/** The memory budget settings of a store reference; a bad size names its setting. */
function spillSettingsFor(store: StoreRef): SpillSettings {
  try {
    return spillSettingsOf(store);
  } catch (error) {
    throw new CuratorError('usage', `setting lanceCurator.memoryBudget: ${(error as Error).message}`);
  }
}

function sessionFor(store: StoreRef): Promise<CurationSession> {
  const key = keyOf(store);
  let session = sessions.get(key);
  if (!session) {
    session = CurationSession.open(store.location, {
      storageOptions: store.storageOptions,
      allowUnmergedWal: store.allowUnmergedWal,
      cachePayloads: true,
      spill: spillSettingsFor(store),
    });
    session.catch(() => sessions.delete(key));
    sessions.set(key, session);
  }
  return session;
}

/** Requests using each session now; a forgotten session closes only when the last one ends. */
const leases = new Map<CurationSession, number>();
const retired = new Set<CurationSession>();

/**
 * Runs `work` on the store's session, holding it open: a store change
 * (WorkerForget) while a plan or an export reads must not close the
 * dataset under it; the next request opens a fresh session instead.
 */
async function withSession<T>(store: StoreRef, work: (session: CurationSession) => Promise<T>): Promise<T> {
  const session = await sessionFor(store);
  leases.set(session, (leases.get(session) ?? 0) + 1);
  try {
    return await work(session);
  } finally {
    const left = leases.get(session)! - 1;
    if (left > 0) leases.set(session, left);
    else {
      leases.delete(session);
      if (retired.delete(session)) void session.close().catch(() => undefined);
    }
  }
}

/**
 * The example index of the last plan (one: the panel lists the examples of
 * the counts on screen), so the examples list pages, searches and sorts
 * without planning again.
 */
let indexed: { key: string; plan: Promise<ExportPlan> } | undefined;

function indexedPlan(store: StoreRef, options: ExportOptions, hooks: RunHooks, limit = 0, charts = false): Promise<ExportPlan> {
  const key = JSON.stringify([keyOf(store), options]);
  if (indexed?.key === key && limit === 0) return indexed.plan;
  // Texts on demand: the first plan of a large store reads no text it does not show (the session stays open while the index is used).
  const plan = withSession(store, (session) => planExport(session, options, { ...hooks, limit, charts, index: true, textsOnDemand: true }));
  plan.catch(() => indexed?.plan === plan && (indexed = undefined));
  indexed = { key, plan };
  return plan;
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
    const plan = await indexedPlan(store, options, { signal: context.signal, onProgress: (progress) => context.progress(progress) }, limit, true);
    return toPlanView(plan, performance.now() - started);
  });

  rpc.onRequest(WorkerExamples, async ({ store, options, side, start, count, search, sort, descending, findGroup }, context) => {
    const plan = await indexedPlan(store, options, { signal: context.signal });
    const index = plan.index!;
    const query = { side, search, sort, descending };
    await index.readTexts(query, start, start + count, context.signal);
    const { matched, examples } = index.window(query, start, start + count);
    // A group found by key needs no text; only then are every text read to look in the messages.
    const byKey = findGroup === undefined ? undefined : index.findGroup(query, findGroup, false);
    if (findGroup !== undefined && !byKey) await index.readAllTexts(side, context.signal);
    return {
      total: index.total(side),
      matched,
      start,
      examples: examples.map((example) => toListedExampleView(example, plan.format)),
      ...(findGroup !== undefined ? { found: byKey ?? index.findGroup(query, findGroup) ?? null } : {}),
    };
  });

  rpc.onRequest(WorkerGroupSearch, async ({ store, options, side, query }, context) => {
    const plan = await indexedPlan(store, options, { signal: context.signal });
    const index = plan.index!;
    let matches = index.searchGroups(side, query, false);
    if (matches.length === 0) {
      await index.readAllTexts(side, context.signal);
      matches = index.searchGroups(side, query);
    }
    return { matches: matches.slice(0, 1000), total: matches.length };
  });

  rpc.onRequest(WorkerGroup, async ({ store, options, key, side }, context) => {
    return withSession(store, async (session) => {
      const detail = await describeGroup(session, options, key, side, { signal: context.signal });
      return detail ?? null;
    });
  });

  rpc.onRequest(WorkerGroupText, async ({ store, options, stage, key }, context) => {
    return withSession(store, async (session) => {
      return (await groupUnitTextOf(session, options, stage, key, { signal: context.signal })) ?? null;
    });
  });

  rpc.onRequest(WorkerRecord, async ({ store, id, version }) => {
    return withSession(store, async (session) => {
      const record = await lookupRecord(session, id, version);
      return record ? toRecordDetailView(record) : null;
    });
  });

  rpc.onRequest(WorkerExport, async ({ store, options, out, replaceStale, expectRead, exportId }, context) => {
    const started = performance.now();
    return withSession(store, async (session) => {
      const result = await exportTraining(session, options, out, {
        signal: context.signal,
        onProgress: (p) => context.progress(p),
        replaceStale,
        expectRead,
        confirmMoved: exportId === undefined ? undefined : (moved) => rpc.request(HostConfirmMoved, { exportId, ...moved }),
      });
      return {
        files: result.files.map((file) => file.path),
        outputs: result.outputs.map((o) => ({ side: o.side, path: o.path, manifestPath: o.manifestPath, statsPath: o.statsPath, provenancePath: o.provenancePath, examples: o.manifest.counts.examples })),
        warnings: result.warnings,
        elapsedMs: performance.now() - started,
      };
    });
  });

  rpc.onRequest(WorkerBuildDemo, async ({ dir }) => {
    const demo = await buildDemoStore(dir);
    return { store: demo.store };
  });

  rpc.onNotification(WorkerForget, ({ store }) => {
    const key = keyOf(store);
    const session = sessions.get(key);
    sessions.delete(key);
    // Its index may read texts from the session's store: the next examples request plans again.
    if (indexed && JSON.parse(indexed.key)[0] === key) indexed = undefined;
    void session
      ?.then((s) => {
        if (leases.has(s)) retired.add(s);
        else return s.close();
      })
      .catch(() => undefined);
  });

  serveReview(rpc, sessionFor);
  return rpc;
}

if (require.main === module || process.send) {
  serve(processChannel);
  process.on('disconnect', () => process.exit(0));
}
