import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRemoteUri } from '../../core/store/remoteUri';
import { Settings } from '../ids';

/** Who is reviewing: the `lanceCurator.review.reviewer` setting, else git's `user.name`, else the OS user. */
export async function reviewerName(cwd: string): Promise<string> {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.reviewer, '').trim();
  if (configured) return configured;
  const git = await gitUserName(cwd);
  if (git) return git;
  try {
    return os.userInfo().username || 'reviewer';
  } catch {
    return 'reviewer';
  }
}

function gitUserName(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 5_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/** The labels dataset a store's review writes to by default: `ctx.review/labels.lance` beside `ctx.lance`. */
export function defaultLabelsLocation(store: string): string {
  const trimmed = store.replace(/\/+$/, '');
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.lance$/, '');
  if (isRemoteUri(trimmed)) return `${trimmed.slice(0, trimmed.lastIndexOf('/'))}/${name}.review/labels.lance`;
  return path.join(path.dirname(trimmed), `${name}.review`, 'labels.lance');
}
