import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import {
  GroupRequest,
  parseExportOptions,
  PickHoldoutRequest,
  PlanRequest,
  PreviewInitNotification,
  PreviewReady,
  RecordRequest,
  WriteFilesRequest,
} from '../../protocol/messages';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import { WorkerGroup, WorkerPlan, WorkerRecord } from '../../protocol/workerMessages';
import { defaultOutputPath } from '../commandArgs';
import { workspaceRoot } from '../commands/pickStore';
import { CuratorClient } from '../curatorClient';
import { Disposable } from '../dispose';
import { runExport } from '../exportRunner';
import { Panels, Settings } from '../ids';
import { Log } from '../log';
import { StoreRegistry } from '../stores/storeRegistry';
import { webviewHtml, webviewRoots } from '../webviewHtml';

/** What a preview panel persists (webview state) so it can be restored after a reload. */
export interface PreviewPanelState {
  store: string;
  options?: ExportOptions;
}

interface Services {
  extensionUri: vscode.Uri;
  client: CuratorClient;
  registry: StoreRegistry;
  log: Log;
}

/**
 * "Export Preview — <store>": hosts the preview webview for one store. The
 * webview asks for plans; this host validates every message, runs the core
 * in the worker and answers. One panel per store.
 */
export class PreviewPanel extends Disposable {
  private static readonly panels = new Map<string, PreviewPanel>();
  private readonly rpc: RpcEndpoint;
  private initialOptions: ExportOptions;

  /** Opens (or reveals) the preview of `location` beside the active editor. */
  static show(services: Services, location: string, options: ExportOptions = {}): PreviewPanel {
    const existing = PreviewPanel.panels.get(location);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      if (Object.keys(options).length > 0) existing.pushInit(options);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      Panels.preview,
      `Export Preview — ${StoreRegistry.nameOf(location)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: webviewRoots(services.extensionUri), retainContextWhenHidden: false },
    );
    return new PreviewPanel(panel, services, location, options);
  }

  /** Restores a panel after a window reload (from the webview's saved state). */
  static restore(panel: vscode.WebviewPanel, services: Services, state: unknown): void {
    const saved = state as PreviewPanelState | undefined;
    if (!saved || typeof saved.store !== 'string' || (!/^[a-z]+:\/\//i.test(saved.store) && !fs.existsSync(saved.store))) {
      panel.dispose();
      return;
    }
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(services.extensionUri) };
    let options: ExportOptions = {};
    try {
      options = parseExportOptions(saved.options ?? {});
    } catch {
      // stale or foreign state: start from defaults
    }
    new PreviewPanel(panel, services, saved.store, options);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly location: string,
    options: ExportOptions,
  ) {
    super();
    this.initialOptions = options;
    PreviewPanel.panels.set(location, this);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'lance-curator.svg');
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, 'preview.js', panel.title);
    const channel: Channel = {
      post: (message: Envelope) => void panel.webview.postMessage(message),
      listen: (handler) => {
        const subscription = panel.webview.onDidReceiveMessage(handler);
        return () => subscription.dispose();
      },
    };
    this.rpc = new RpcEndpoint(channel);
    this._register({ dispose: () => this.rpc.dispose() });
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(services.registry.onDidChange(() => this.pushInit()));
    this.rpc.onNotification(PreviewReady, () => this.pushInit());
    this.handleRequests();
  }

  override dispose(): void {
    PreviewPanel.panels.delete(this.location);
    super.dispose();
    this.panel.dispose();
  }

  private async pushInit(options?: ExportOptions): Promise<void> {
    if (options) this.initialOptions = options;
    const { registry, log } = this.services;
    const config = vscode.workspace.getConfiguration(Settings.section);
    try {
      const info = await registry.infoOf(this.location);
      const task = this.initialOptions.task ?? (config.get<string>(Settings.defaultTask, 'sft') as ExportOptions['task']);
      this.rpc.notify(PreviewInitNotification, {
        store: { uri: info.uri, name: info.name, embeddingDim: info.embeddingDim },
        versions: info.versions,
        options: { task, groupBy: config.get<string>(Settings.defaultGroupBy, 'session_id'), ...this.initialOptions },
        sampleSize: config.get<number>(Settings.sampleSize, 20),
        debounceMs: config.get<number>(Settings.debounceMs, 250),
        defaultOutput: defaultOutputPath(workspaceRoot() ?? path.dirname(this.location), config.get(Settings.outputDirectory, 'exports'), this.location, task ?? 'sft'),
      });
    } catch (error) {
      log.error(`preview of ${this.location}: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`Cannot open ${StoreRegistry.nameOf(this.location)}: ${(error as Error).message}`, 'Show Output').then((c) => c && log.show());
    }
  }

  private handleRequests(): void {
    const { client, registry, log } = this.services;
    const sampleSize = () => vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.sampleSize, 20);

    this.rpc.onRequest(PlanRequest, async (params, context) => {
      const options = parseExportOptions((params as { options?: unknown })?.options ?? {});
      const store = await registry.refOf(this.location);
      const plan = await client.request(WorkerPlan, { store, options, limit: sampleSize() }, { signal: context.signal, onProgress: context.progress });
      log.timings(`preview ${StoreRegistry.nameOf(this.location)}`, plan.timings, plan.elapsedMs);
      return plan;
    });

    this.rpc.onRequest(GroupRequest, async (params, context) => {
      const p = params as { options?: unknown; key?: unknown; side?: unknown };
      if (typeof p?.key !== 'string' || p.key.length > 10_000) throw new Error('invalid group key');
      const side = p.side === 'train' || p.side === 'eval' ? p.side : 'all';
      const options = parseExportOptions(p.options ?? {});
      const store = await registry.refOf(this.location);
      return client.request(WorkerGroup, { store, options, key: p.key, side }, { signal: context.signal });
    });

    this.rpc.onRequest(RecordRequest, async (params) => {
      const p = params as { id?: unknown; version?: unknown };
      if (typeof p?.id !== 'string' || p.id.length > 10_000) throw new Error('invalid record id');
      const version = Number.isInteger(p.version) && (p.version as number) > 0 ? (p.version as number) : undefined;
      const store = await registry.refOf(this.location);
      return client.request(WorkerRecord, { store, id: p.id, version });
    });

    this.rpc.onRequest(WriteFilesRequest, async (params) => {
      const options = parseExportOptions((params as { options?: unknown })?.options ?? {});
      const config = vscode.workspace.getConfiguration(Settings.section);
      const defaultPath = defaultOutputPath(workspaceRoot() ?? path.dirname(this.location), config.get(Settings.outputDirectory, 'exports'), this.location, options.task ?? 'sft');
      fs.mkdirSync(path.dirname(defaultPath), { recursive: true });
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(defaultPath), filters: { 'JSON Lines': ['jsonl'] }, title: 'Write training files' });
      if (!uri) return null;
      const result = await runExport(client, registry, log, this.location, { stats: true, ...options }, uri.fsPath);
      if (!result) return null;
      const files = result.outputs.flatMap((o) => [o.path, o.manifestPath, ...(o.statsPath ? [o.statsPath] : [])]);
      return { files, examples: result.outputs.reduce((n, o) => n + o.examples, 0) };
    });

    this.rpc.onRequest(PickHoldoutRequest, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: false,
        title: 'Holdout embeddings: a JSONL file or a .lance store',
        filters: { 'JSON Lines': ['jsonl', 'json'], 'All files': ['*'] },
      });
      return picked?.[0]?.fsPath ?? null;
    });
  }
}
