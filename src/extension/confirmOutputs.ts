import * as vscode from 'vscode';
import { outputConflicts, resolveExportOptions, type ExportOptions } from '../core';
import { overwriteMessage } from './overwriteMessage';

/**
 * Asks once before an export replaces files or leaves another export's files
 * stale beside it. Resolves `{ replaceStale }` to go on (true: confirming
 * removes the stale files), or undefined when the user declined.
 */
export async function confirmOutputs(out: string, options: ExportOptions): Promise<{ replaceStale: boolean } | undefined> {
  let resolved;
  try {
    resolved = resolveExportOptions(options);
  } catch {
    // The export itself reports the problem with the options.
    return { replaceStale: false };
  }
  const asked = overwriteMessage(out, outputConflicts(out, resolved));
  if (!asked) return { replaceStale: false };
  const choice = await vscode.window.showWarningMessage(asked.message, { modal: true, detail: asked.detail }, asked.confirm);
  return choice === asked.confirm ? { replaceStale: true } : undefined;
}
