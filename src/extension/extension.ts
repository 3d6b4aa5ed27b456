import * as vscode from 'vscode';
import { exportTrainingSet } from './commands/exportTrainingSet';
import { addStore, buildDemoStore, copyStoreUri, openStats, previewExport, removeStore, setStoreCredentials } from './commands/storeCommands';
import { CuratorError } from '../core/errors';
import { CuratorClient } from './curatorClient';
import { describeForUser } from './describeForUser';
import { Commands, Editors, Panels, Views } from './ids';
import { Log } from './log';
import { PreviewPanel } from './preview/previewPanel';
import { StatsEditorProvider } from './stats/statsEditorProvider';
import { StoreRegistry } from './stores/storeRegistry';
import { StoreNode, StoresTree } from './stores/storesTree';

/** Wires the extension: the stores tree, the commands, the preview panel and the stats editor. */
export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const client = new CuratorClient(CuratorClient.workerNextTo(__dirname), (line) => log.info(line));
  const registry = new StoreRegistry(context, client, log);
  const services = { extensionUri: context.extensionUri, client, registry, log, memento: context.workspaceState };
  const tree = new StoresTree(registry);
  context.subscriptions.push(log, { dispose: () => client.dispose() }, registry);

  const command = (id: string, run: (arg: unknown) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg: unknown) => {
        try {
          await run(arg);
        } catch (error) {
          if (CuratorError.is(error, 'cancelled')) return;
          log.reportError(describeForUser(error));
        }
      }),
    );

  context.subscriptions.push(
    vscode.window.createTreeView(Views.stores, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerCustomEditorProvider(Editors.stats, new StatsEditorProvider(context.extensionUri), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.window.registerWebviewPanelSerializer(Panels.preview, {
      deserializeWebviewPanel: async (panel, state) => PreviewPanel.restore(panel, services, state),
    }),
  );

  command(Commands.exportTrainingSet, (arg) => exportTrainingSet(arg, client, registry, log));
  command(Commands.previewExport, (arg) => previewExport(arg, services));
  command(Commands.addStore, () => addStore(registry));
  command(Commands.openStats, (arg) => openStats(arg));
  command(Commands.refreshStores, () => registry.refresh());
  command(Commands.copyStoreUri, (arg) => copyStoreUri(arg as StoreNode));
  command(Commands.removeStore, (arg) => removeStore(arg as StoreNode, registry));
  command(Commands.showOlderVersions, (arg) => tree.showOlder((arg as StoreNode).location));
  command(Commands.buildDemoStore, () => buildDemoStore(services));
  command(Commands.setStoreCredentials, (arg) => setStoreCredentials(arg as StoreNode, registry));
  command(Commands.showOutput, () => log.show());
  command(Commands.showHiddenStores, () => registry.showHidden());

  registry.refresh();
}

export function deactivate(): void {
  // subscriptions dispose the worker, the panels and the watchers
}
