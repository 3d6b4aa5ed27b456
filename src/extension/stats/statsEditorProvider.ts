import * as vscode from 'vscode';
import { OpenAsTextNotification, StatsDocument, StatsDocumentNotification, StatsReady } from '../../protocol/messages';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import { webviewHtml, webviewRoots } from '../webviewHtml';

/**
 * The stats editor: renders any `*.stats.json` as figures and charts, with the
 * sibling `.manifest.json` beside it, and re-renders when either changes.
 * Invalid or foreign JSON shows an error with "Open as Text" (in the webview).
 */
export class StatsEditorProvider implements vscode.CustomTextEditorProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'stats.js', 'Stats');
    const channel: Channel = {
      post: (message: Envelope) => void panel.webview.postMessage(message),
      listen: (handler) => {
        const subscription = panel.webview.onDidReceiveMessage(handler);
        return () => subscription.dispose();
      },
    };
    const rpc = new RpcEndpoint(channel);
    const manifestUri = manifestOf(document.uri);
    const send = async () => rpc.notify(StatsDocumentNotification, await this.documentOf(document, manifestUri));
    const subscriptions: vscode.Disposable[] = [
      { dispose: () => rpc.dispose() },
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === document.uri.toString()) void send();
      }),
    ];
    if (manifestUri) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(manifestUri, '..'), manifestUri.path.split('/').pop()!));
      subscriptions.push(watcher, watcher.onDidChange(() => void send()), watcher.onDidCreate(() => void send()), watcher.onDidDelete(() => void send()));
    }
    rpc.onNotification(StatsReady, () => void send());
    rpc.onNotification(OpenAsTextNotification, () => {
      void vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
    });
    panel.onDidDispose(() => subscriptions.forEach((s) => s.dispose()));
  }

  private async documentOf(document: vscode.TextDocument, manifestUri: vscode.Uri | undefined): Promise<StatsDocument> {
    const fileName = document.uri.path.split('/').pop() ?? 'stats.json';
    let manifest: StatsDocument['manifest'];
    if (manifestUri) {
      try {
        const bytes = await vscode.workspace.fs.readFile(manifestUri);
        manifest = { fileName: manifestUri.path.split('/').pop()!, text: new TextDecoder().decode(bytes) };
      } catch {
        manifest = undefined;
      }
    }
    return { fileName, statsText: document.getText(), manifest };
  }
}

/** `<name>.stats.json` → `<name>.manifest.json`. */
export function manifestOf(uri: vscode.Uri): vscode.Uri | undefined {
  if (!uri.path.endsWith('.stats.json')) return undefined;
  return uri.with({ path: uri.path.slice(0, -'.stats.json'.length) + '.manifest.json' });
}
