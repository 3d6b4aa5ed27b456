import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import { ReviewDecideRequest, ReviewQueueRequest, ReviewUndoRequest, WorkerReviewDecide, WorkerReviewFlush, WorkerReviewQueue, WorkerReviewUndo } from '../../protocol/reviewMessages';
import type { RpcEndpoint } from '../../protocol/rpc';
import type { CuratorClient } from '../curatorClient';
import { Settings } from '../ids';
import { resolveOptionPaths } from '../optionPaths';
import type { StoreRegistry } from '../stores/storeRegistry';
import { labelsLocationOf } from '../stores/labelsLocation';
import { reviewerName } from './reviewerName';

/**
 * The review mode's requests: the host names the reviewer and the labels
 * dataset (the panel's `--labels`, else the store's entry in `lanceCurator.review.labels`, else its default), and the worker
 * does the rest. A decision's reply arrives only after its commit.
 */
export function registerReviewHandlers(rpc: RpcEndpoint, services: { client: CuratorClient; registry: StoreRegistry }, location: string, base: string): vscode.Disposable {
  const { client, registry } = services;
  const labelsOf = (options: ExportOptions): string => {
    const named = resolveOptionPaths(options, base).labels?.trim();
    return named ? named : labelsLocationOf(location, vscode.workspace.getConfiguration(Settings.section).get<Record<string, unknown>>(Settings.labels, {}), base);
  };
  const common = async (options: ExportOptions) => ({
    store: await registry.refOf(location),
    options: resolveOptionPaths(options, base),
    labels: labelsOf(options),
    reviewer: await reviewerName(base),
  });

  rpc.onRequest(ReviewQueueRequest, async ({ options }, context) => {
    const showRewards = vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.showRewardsUpFront, false);
    return client.request(WorkerReviewQueue, { ...(await common(options)), showRewards }, { signal: context.signal });
  });
  rpc.onRequest(ReviewDecideRequest, async ({ options, ...decision }) => client.request(WorkerReviewDecide, { ...(await common(options)), ...decision }));
  rpc.onRequest(ReviewUndoRequest, async ({ options, eventIds }) => client.request(WorkerReviewUndo, { ...(await common(options)), eventIds }));
  // Closing the panel commits what is pending at once (a pending decision never showed "saved", but it still lands).
  return { dispose: () => client.notify(WorkerReviewFlush, {}) };
}
