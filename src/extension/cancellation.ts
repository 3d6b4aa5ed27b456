import * as vscode from 'vscode';

/** Converts a VS Code cancellation token to an AbortSignal, once, at the boundary. */
export function toAbortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
