import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
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
