import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeProgress, formatCount, type ExportOptions, type PipelineProgress } from '../core';
import { CuratorError } from '../core/errors';
import { WorkerExport, WrittenFiles } from '../protocol/workerMessages';
import { toAbortSignal } from './cancellation';
import { CuratorClient } from './curatorClient';
import { describeForUser } from './describeError';
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
): Promise<WrittenFiles | undefined> {
  const name = StoreRegistry.nameOf(location);
  log.info(`export ${name} → ${out} ${JSON.stringify(options)}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${name}`, cancellable: true },
      async (progress, token) => {
        const store = await registry.refOf(location);
        let last = 0;
        return client.request(WorkerExport, { store, options, out }, {
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
  }
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
