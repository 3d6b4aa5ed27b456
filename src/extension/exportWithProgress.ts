import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeProgress, formatCount, type ExportOptions, type PipelineProgress } from '../core';
import { CuratorError } from '../core/errors';
import { HostConfirmMoved, WorkerExport, WrittenFiles } from '../protocol/workerMessages';
import { toAbortSignal } from './cancellation';
import { CuratorClient } from './curatorClient';
import { describeForUser } from './describeForUser';
import { Commands, Editors } from './ids';
import { Log } from './log';
import { StoreRegistry } from './stores/storeRegistry';

/**
 * The one write path of the extension (the command and the preview's "Write
 * files"): a cancellable progress notification, atomic files from the worker,
 * then "Exported N examples" with follow-up actions. Resolves undefined when
 * cancelled or failed (already reported).
 */
export async function exportWithProgress(
  client: CuratorClient,
  registry: StoreRegistry,
  log: Log,
  location: string,
  options: ExportOptions,
  out: string,
  interactive = true,
  replaceStale = false,
  counted?: CountedState,
): Promise<WrittenFiles | undefined> {
  const name = StoreRegistry.nameOf(location);
  log.info(`export ${name} → ${out} ${JSON.stringify(options)}`);
  const exportId = counted ? expectCounts(client, counted, log) : undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${name}`, cancellable: true },
      async (progress, token) => {
        const store = await registry.refOf(location);
        let last = 0;
        return client.request(WorkerExport, { store, options, out, replaceStale, ...(exportId ? { expectRead: counted!.read, exportId } : {}) }, {
          signal: toAbortSignal(token),
          onProgress: (report) => {
            const now = Date.now();
            if (now - last < 100) return;
            last = now;
            progress.report({ message: describeProgress(report as PipelineProgress) });
          },
        });
      },
    );
    log.info(`exported ${result.outputs.map((o) => `${o.examples} examples to ${o.path}`).join(', ')} in ${Math.round(result.elapsedMs)} ms`);
    for (const warning of result.warnings) log.info(`warning: ${warning}`);
    const total = result.outputs.reduce((sum, o) => sum + o.examples, 0);
    const split = result.outputs.length > 1 ? ` (train ${result.outputs[0].examples} / eval ${result.outputs[1].examples})` : '';
    // The files written (a split writes .train and .eval, never the name asked for).
    const message = `Exported ${formatCount(total)} examples${split} to ${result.outputs.map((o) => path.basename(o.path)).join(' and ')}`;
    if (interactive) void offerFollowUps(message, result, location, options);
    else void vscode.window.showInformationMessage(message);
    return result;
  } catch (error) {
    if (CuratorError.is(error, 'cancelled')) {
      log.info(`export of ${name} cancelled; nothing was written`);
      return undefined;
    }
    log.reportError(`Export of ${name} failed: ${describeForUser(error)}`);
    return undefined;
  } finally {
    if (exportId) pendingConfirmations.delete(exportId);
  }
}

/** What the counts on screen describe: what they read (`describeWalStatus`) and how many examples. */
export interface CountedState {
  read: string;
  examples: number;
  /** Called when the store moved since the counts (the panel recounts to show the new ones). */
  onMoved?: () => void;
}

/** The confirmations of exports in flight, by export id. */
const pendingConfirmations = new Map<string, (moved: { counted: string; read: string; examples: number }) => Promise<boolean>>();
const answering = new WeakSet<CuratorClient>();
let nextExportId = 0;

/**
 * Registers an export that must write only what `counted` describes: when its
 * read differs, the worker asks here once, and the user confirms the new counts
 * or nothing is written (no loop of refusals: the answer is final).
 */
function expectCounts(client: CuratorClient, counted: CountedState, log: Log): string {
  if (!answering.has(client)) {
    answering.add(client);
    client.onRequest(HostConfirmMoved, async ({ exportId, ...moved }) => (await pendingConfirmations.get(exportId)?.(moved)) ?? false);
  }
  const exportId = `export-${++nextExportId}`;
  pendingConfirmations.set(exportId, async (moved) => {
    log.info(`the store moved while the file was chosen: ${moved.counted} → ${moved.read} (${counted.examples} → ${moved.examples} examples)`);
    counted.onMoved?.();
    const write = 'Write';
    const choice = await vscode.window.showWarningMessage(
      `The store changed while you chose the file: ${formatCount(counted.examples)} → ${formatCount(moved.examples)} examples. Write the new counts?`,
      { modal: true, detail: `Counted: ${moved.counted}
Now: ${moved.read}
Nothing is written unless you confirm.` },
      write,
    );
    return choice === write;
  });
  return exportId;
}

async function offerFollowUps(message: string, result: WrittenFiles, location: string, options: ExportOptions): Promise<void> {
  const first = result.outputs[0];
  const actions = [first.statsPath ? 'Open Stats' : undefined, 'Reveal in Explorer', 'Open Preview'].filter((a): a is string => !!a);
  const choice = await vscode.window.showInformationMessage(message, ...actions);
  if (choice === 'Open Stats' && first.statsPath) {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(first.statsPath), Editors.stats);
  } else if (choice === 'Reveal in Explorer') {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(first.path));
  } else if (choice === 'Open Preview') {
    await vscode.commands.executeCommand(Commands.previewExport, { store: location, ...options });
  }
}
