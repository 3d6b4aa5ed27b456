import * as vscode from 'vscode';
import { Commands } from '../ids';
import { StoreRegistry } from '../stores/storeRegistry';

/** The first workspace folder's path, if any. */
export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Asks which store to use; skips the question when there is exactly one. */
export async function pickStore(registry: StoreRegistry, title: string): Promise<string | undefined> {
  const stores = registry.list();
  if (stores.length === 1) return stores[0].location;
  if (stores.length === 0) {
    const choice = await vscode.window.showInformationMessage('No context stores found in this workspace.', 'Add Store…', 'Build the Demo Store');
    if (choice === 'Add Store…') await vscode.commands.executeCommand(Commands.addStore);
    if (choice === 'Build the Demo Store') await vscode.commands.executeCommand(Commands.buildDemoStore);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    stores.map((store) => ({ label: StoreRegistry.nameOf(store.location), description: store.location, location: store.location })),
    { title, placeHolder: 'Select a context store' },
  );
  return picked?.location;
}
