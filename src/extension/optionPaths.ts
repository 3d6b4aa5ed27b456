import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOptions } from '../core';
import { OPTION_KEYS, optionSpec } from '../core/options/optionSpecs';
import { isRemoteUri } from '../core/store/remoteUri';
import { resolveAgainst } from './relativePath';

/**
 * The folder relative option paths (holdout, and the files later options
 * name) and default output folders are taken against: the workspace folder
 * holding the store, else the first workspace folder, else the store's own
 * folder. Never the VS Code server's working directory.
 */
export function storeBaseDir(location: string): string {
  if (!isRemoteUri(location)) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(location));
    if (folder) return folder.uri.fsPath;
  }
  const first = vscode.workspace.workspaceFolders?.[0];
  if (first) return first.uri.fsPath;
  return isRemoteUri(location) ? process.cwd() : path.dirname(location);
}

/** The options with every relative path option made absolute against `base`. */
export function resolveOptionPaths(options: ExportOptions, base: string): ExportOptions {
  const resolved: Record<string, unknown> = { ...options };
  const absolute = (value: string) => resolveAgainst(base, value);
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (optionSpec(key).kind !== 'path') continue;
    // A repeatable path option (--benchmark) is a list: each entry resolves on its own.
    // A path option's named values (the tokenizer's bundled encodings) are not files.
    if (typeof value === 'string' && optionSpec(key).choices?.some((choice) => choice.value === value)) continue;
    if (Array.isArray(value)) resolved[key] = value.map((item) => (typeof item === 'string' ? absolute(item) : item));
    else if (typeof value === 'string' && value.trim() !== '') resolved[key] = absolute(value);
  }
  return resolved as ExportOptions;
}
