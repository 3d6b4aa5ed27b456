import { isRemoteUri } from '../../core/store/remoteUri';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkerBuildDemo } from '../../protocol/workerMessages';
import { parseCommandArgument } from '../commandArgs';
import { CuratorClient } from '../curatorClient';
import { Commands, Editors } from '../ids';
import { Log } from '../log';
import { PreviewPanel } from '../preview/previewPanel';

import { StoreRegistry } from '../stores/storeRegistry';
import { StoreNode } from '../stores/storesTree';
import { pickStore, workspaceRoot } from './pickStore';

export interface CommandServices {
  extensionUri: vscode.Uri;
  client: CuratorClient;
  registry: StoreRegistry;
  log: Log;
  memento: vscode.Memento;
}

/** "Preview Export": from the palette (store pick), the tree (store or version) or an options object. */
export async function previewExport(arg: unknown, services: CommandServices): Promise<void> {
  const target = parseCommandArgument(arg, workspaceRoot());
  if (target.kind === 'options') {
    PreviewPanel.show(services, target.location, target.options);
    return;
  }
  const location = target.kind === 'store' ? target.location : await pickStore(services.registry, 'Preview which store?');
  if (!location) return;
  PreviewPanel.show(services, location, target.kind === 'store' && target.version !== undefined ? { version: target.version } : {});
}

/** "Add Store…": a local .lance folder, or a remote URI. */
export async function addStore(registry: StoreRegistry): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(folder) Local folder…', id: 'local' },
      { label: '$(cloud) Object storage URI (s3://, gs://, az://)…', id: 'remote' },
    ],
    { title: 'Add Store' },
  );
  if (!choice) return;
  if (choice.id === 'local') {
    for (;;) {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'Select a .lance dataset directory' });
      const folder = picked?.[0]?.fsPath;
      if (!folder) return;
      const problem = !folder.endsWith('.lance')
        ? `${folder} is not a Lance dataset: its name must end in .lance (e.g. ctx.lance).`
        : !fs.existsSync(path.join(folder, '_versions'))
          ? `${folder} is not a Lance dataset: it has no _versions/ folder (an empty or partly copied dataset).`
          : undefined;
      if (!problem) {
        await registry.add(folder);
        return;
      }
      const again = await vscode.window.showErrorMessage(problem, { modal: false }, 'Pick Another Folder');
      if (again !== 'Pick Another Folder') return;
    }
  }
  const uri = await vscode.window.showInputBox({
    title: 'Add Store: dataset URI',
    placeHolder: 's3://bucket/path/ctx.lance',
    validateInput: (value) => (/^(s3|s3\+ddb|gs|az|abfss?):\/\/.+\.lance\/?$/i.test(value.trim()) ? undefined : 'expected s3://, gs:// or az:// ending in .lance'),
  });
  if (!uri) return;
  await registry.add(uri.trim());
  const credentials = await vscode.window.showInformationMessage(`Added ${uri}. Does it need credentials?`, 'Set Credentials…');
  if (credentials) await vscode.commands.executeCommand(Commands.setStoreCredentials, { kind: 'store', location: uri.trim() });
}

/** "Set Store Credentials…": storage options as key=value lines, kept in secret storage. */
export async function setStoreCredentials(node: StoreNode | undefined, registry: StoreRegistry): Promise<void> {
  const location = node?.location ?? (await pickStore(registry, 'Set credentials for which store?'));
  if (!location || !isRemoteUri(location)) return;
  const text = await vscode.window.showInputBox({
    title: `Storage options for ${location}`,
    prompt: 'Comma-separated key=value pairs, e.g. aws_access_key_id=…, aws_secret_access_key=…, aws_region=eu-west-1. Stored in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
  });
  if (text === undefined) return;
  const options: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      void vscode.window.showErrorMessage(`"${pair}" is not key=value`);
      return;
    }
    options[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  await registry.setCredentials(location, options);
}

/** "Open Stats": a *.stats.json from the explorer, or picked from the workspace. */
export async function openStats(arg: unknown): Promise<void> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const files = await vscode.workspace.findFiles('**/*.stats.json', '**/node_modules/**', 200);
    if (files.length === 0) {
      void vscode.window.showInformationMessage('No *.stats.json files in this workspace yet: export with stats first.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      files.map((file) => ({ label: path.basename(file.fsPath), description: vscode.workspace.asRelativePath(file), file })),
      { title: 'Open Stats' },
    );
    uri = picked?.file;
  }
  if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, Editors.stats);
}

/** "Build the Demo Store": `<workspace>/demo/demo.lance`, then its preview. */
export async function buildDemoStore(services: CommandServices): Promise<void> {
  const root = workspaceRoot();
  if (!root) {
    void vscode.window.showErrorMessage('Open a folder first: the demo store is built inside the workspace.');
    return;
  }
  const dir = path.join(root, 'demo');
  const { store } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Building the demo store…' },
    () => services.client.request(WorkerBuildDemo, { dir }),
  );
  services.log.info(`built the demo store at ${store}`);
  services.registry.refresh();
  PreviewPanel.show(services, store, {});
}

export function copyStoreUri(node: StoreNode | undefined): void {
  if (node) void vscode.env.clipboard.writeText(node.location);
}

export async function removeStore(node: StoreNode | undefined, registry: StoreRegistry): Promise<void> {
  if (!node) return;
  const name = StoreRegistry.nameOf(node.location);
  const ok = await vscode.window.showWarningMessage(`Remove ${name} from the Context Stores view? Nothing is deleted on disk.`, { modal: true }, 'Remove');
  if (ok) await registry.remove(node.location);
}
