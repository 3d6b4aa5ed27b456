import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import { CuratorError } from '../../core/errors';
import { compactOptions, parseExportOptions } from '../../core/options/exportOptions';
import { isRemoteUri } from '../../core/store/remoteUri';
import { displayPath } from '../../core/strings/displayPath';
import {
  ExamplesRequest,
  GroupRequest,
  GroupSearchRequest,
  GroupTextRequest,
  OpenFileRequest,
  PickHoldoutRequest,
  PlanRequest,
  PreviewInitNotification,
  PreviewReady,
  RecordRequest,
  WriteFilesRequest,
} from '../../protocol/messages';
import { Channel, Envelope, RpcEndpoint } from '../../protocol/rpc';
import { WorkerExamples, WorkerGroup, WorkerGroupSearch, WorkerGroupText, WorkerPlan, WorkerRecord } from '../../protocol/workerMessages';
import { defaultOutputPath } from '../commandArgs';
import { CuratorClient } from '../curatorClient';
import { describeForUser } from '../describeForUser';
import { Disposable } from '../dispose';
import { CountedState, exportWithProgress } from '../exportWithProgress';
import { confirmOutputs } from '../confirmOutputs';
import { Editors, Panels, Settings } from '../ids';
import { Log } from '../log';
import { registerReviewHandlers } from './reviewHandlers';
import { resolveOptionPaths, storeBaseDir } from '../optionPaths';
import { settingsDefaults } from '../optionSettings';
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
  /** Where each store's last preview options are kept, so they survive closing the panel. */
  memento: vscode.Memento;
}

const OPTIONS_KEY = 'lanceCurator.previewOptions';

/**
 * "Export Preview — <store>": hosts the preview webview for one store. The
 * webview asks for plans; this host validates every message, runs the core
 * in the worker and answers. One panel per store.
 */
export class PreviewPanel extends Disposable {
  private static readonly panels = new Map<string, PreviewPanel>();
  private readonly rpc: RpcEndpoint;
  private initialOptions: ExportOptions;
  private lastOptions: ExportOptions;
  /** The options of the last plan answered, with what it read and its example count. */
  private lastCounted: { options: ExportOptions; read: string; examples: number } | undefined;

  /** The open preview of `location`, if any (the export command offers its options). */
  static of(location: string): PreviewPanel | undefined {
    return PreviewPanel.panels.get(location);
  }

  /**
   * Opens the preview of `location` beside the active editor, or reveals the
   * open one where it is. `options` replace the panel's; a version alone (a
   * click on a version in the tree) only switches the version and keeps the rest.
   */
  static show(services: Services, location: string, options: ExportOptions = {}): PreviewPanel {
    const existing = PreviewPanel.panels.get(location);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn, false);
      if (Object.keys(options).length > 0) void existing.pushInit(mergeForShow(existing.currentOptions, options));
      return existing;
    }
    const remembered = PreviewPanel.remembered(services, location);
    options = Object.keys(options).length > 0 ? mergeForShow(remembered ?? {}, options) : (remembered ?? {});
    const title = `Export Preview — ${StoreRegistry.nameOf(location)}`;
    // After a window reload VS Code revives a hidden preview tab only when it is shown, so it is
    // not in `panels` yet: open in its place rather than beside it, then close it (one per store).
    const unrevived = PreviewPanel.unrevivedTab(title);
    const panel = vscode.window.createWebviewPanel(
      Panels.preview,
      title,
      { viewColumn: unrevived?.group.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: webviewRoots(services.extensionUri), retainContextWhenHidden: false },
    );
    if (unrevived) void vscode.window.tabGroups.close(unrevived);
    return new PreviewPanel(panel, services, location, options);
  }

  /** A restored preview tab titled `title` that has no live panel yet. */
  private static unrevivedTab(title: string): vscode.Tab | undefined {
    if ([...PreviewPanel.panels.values()].some((open) => open.panel.title === title)) return undefined;
    return vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((tab) => tab.label === title && tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(Panels.preview));
  }

  /** Restores a panel after a window reload (from the webview's saved state). */
  static restore(panel: vscode.WebviewPanel, services: Services, state: unknown): void {
    const saved = state as PreviewPanelState | undefined;
    // A store already shown in another panel (opened before this tab was revived) keeps that one.
    if (!saved || typeof saved.store !== 'string' || PreviewPanel.panels.has(saved.store) || (!isRemoteUri(saved.store) && !fs.existsSync(saved.store))) {
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

  private static remembered(services: Services, location: string): ExportOptions | undefined {
    const all = services.memento.get<Record<string, unknown>>(OPTIONS_KEY, {});
    try {
      return all[location] === undefined ? undefined : parseExportOptions(all[location]);
    } catch {
      return undefined;
    }
  }

  /** The options of the counts on screen (the last plan the webview asked for). */
  /**
   * What the counts of `options` on screen describe (what they read, how many
   * examples), when the last plan was made of them; an export of them writes
   * only that unless the user confirms new counts.
   */
  countedState(options: ExportOptions): CountedState | undefined {
    const counted = this.lastCounted;
    if (!counted || JSON.stringify(counted.options) !== JSON.stringify(options)) return undefined;
    return { read: counted.read, examples: counted.examples, onMoved: () => void this.pushInit() };
  }

  get currentOptions(): ExportOptions {
    return this.lastOptions;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly location: string,
    options: ExportOptions,
  ) {
    super();
    this.initialOptions = options;
    this.lastOptions = options;
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
    this.rpc = new RpcEndpoint(channel, (error) => services.log.error(`preview: dropped a malformed message: ${error.message}`));
    this._register({ dispose: () => this.rpc.dispose() });
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(services.registry.onDidChange(() => this.pushInit()));
    this.rpc.onNotification(PreviewReady, () => this.pushInit());
    this.handleRequests();
  }

  override dispose(): void {
    if (PreviewPanel.panels.get(this.location) === this) PreviewPanel.panels.delete(this.location);
    super.dispose();
    this.panel.dispose();
  }

  private async pushInit(options?: ExportOptions): Promise<void> {
    if (options) this.initialOptions = options;
    const { registry, log } = this.services;
    const config = vscode.workspace.getConfiguration(Settings.section);
    try {
      const info = await registry.infoOf(this.location);
      const start: ExportOptions = { ...settingsOptions(config), ...this.initialOptions };
      this.rpc.notify(PreviewInitNotification, {
        store: { uri: info.uri, name: info.name, embeddingDim: info.embeddingDim },
        versions: info.versions,
        options: start,
        sampleSize: config.get<number>(Settings.sampleSize, 20),
        debounceMs: config.get<number>(Settings.debounceMs, 250),
        defaultOutput: this.defaultOutput(start),
        baseDir: storeBaseDir(this.location),
        readSummary: info.readSummary,
      });
    } catch (error) {
      log.reportError(`Cannot open ${StoreRegistry.nameOf(this.location)}: ${describeForUser(error)}`);
    }
  }

  private defaultOutput(options: ExportOptions): string {
    const config = vscode.workspace.getConfiguration(Settings.section);
    return defaultOutputPath(storeBaseDir(this.location), config.get(Settings.outputDirectory, 'exports'), this.location, options);
  }

  /** Remembers the options of the counts on screen, for the export command and the next panel of this store. */
  private remember(options: ExportOptions): void {
    this.lastOptions = options;
    const all = { ...this.services.memento.get<Record<string, unknown>>(OPTIONS_KEY, {}) };
    all[this.location] = compactOptions({ ...options, version: undefined });
    void this.services.memento.update(OPTIONS_KEY, all);
  }

  private handleRequests(): void {
    const { client, registry, log } = this.services;
    const sampleSize = () => vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.sampleSize, 20);
    const base = storeBaseDir(this.location);
    this._register(registerReviewHandlers(this.rpc, this.services, this.location, base));

    this.rpc.onRequest(PlanRequest, async ({ options, limit }, context) => {
      this.remember(options);
      const store = await registry.refOf(this.location);
      const plan = await client.request(WorkerPlan, { store, options: resolveOptionPaths(options, base), limit: Math.min(500, limit ?? sampleSize()) }, { signal: context.signal, onProgress: context.progress });
      log.timings(`preview ${StoreRegistry.nameOf(this.location)}`, plan.timings, plan.elapsedMs);
      if (plan.store.read !== undefined) this.lastCounted = { options, read: plan.store.read, examples: plan.output.counts.examples + (plan.eval?.counts.examples ?? 0) };
      return plan;
    });

    this.rpc.onRequest(ExamplesRequest, async ({ options, ...query }, context) => {
      const store = await registry.refOf(this.location);
      return client.request(WorkerExamples, { store, options: resolveOptionPaths(options, base), ...query }, { signal: context.signal });
    });

    this.rpc.onRequest(GroupSearchRequest, async ({ options, side, query }, context) => {
      const store = await registry.refOf(this.location);
      return client.request(WorkerGroupSearch, { store, options: resolveOptionPaths(options, base), side, query }, { signal: context.signal });
    });

    this.rpc.onRequest(GroupRequest, async ({ options, key, side }, context) => {
      const store = await registry.refOf(this.location);
      return client.request(WorkerGroup, { store, options: resolveOptionPaths(options, base), key, side }, { signal: context.signal });
    });

    this.rpc.onRequest(GroupTextRequest, async ({ options, stage, key }, context) => {
      const store = await registry.refOf(this.location);
      return client.request(WorkerGroupText, { store, options: resolveOptionPaths(options, base), stage, key }, { signal: context.signal });
    });

    this.rpc.onRequest(RecordRequest, async ({ id, version }) => {
      const store = await registry.refOf(this.location);
      return client.request(WorkerRecord, { store, id, version });
    });

    this.rpc.onRequest(WriteFilesRequest, async ({ options, countedVersion, countedRead, countedExamples }) => {
      // What is written is what was counted: the same options, and the store as it was.
      if (options.version === undefined) {
        const info = await registry.infoOf(this.location);
        const latest = info.versions.length ? info.versions[info.versions.length - 1].version : undefined;
        if (latest !== countedVersion || (countedRead !== undefined && info.readSummary !== countedRead)) {
          throw new CuratorError('store', `the store moved since the counts were made (${countedRead ?? `version ${countedVersion}`} → ${info.readSummary}); recount before writing`);
        }
      }
      const defaultPath = this.defaultOutput(options);
      fs.mkdirSync(path.dirname(defaultPath), { recursive: true });
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(defaultPath), filters: { 'JSON Lines': ['jsonl'] }, title: 'Write training files' });
      if (!uri) return null;
      const exported = { stats: true, ...resolveOptionPaths(options, base) };
      const confirmed = await confirmOutputs(uri.fsPath, exported);
      if (!confirmed) return null;
      // The dialog is where the store can move: the worker re-checks what it reads against the counts and asks once.
      const counted = countedRead !== undefined && countedExamples !== undefined ? { read: countedRead, examples: countedExamples, onMoved: () => void this.pushInit() } : undefined;
      const result = await exportWithProgress(client, registry, log, this.location, exported, uri.fsPath, true, confirmed.replaceStale, counted);
      if (!result) return null;
      return { files: result.files.map((file) => displayPath(file, base)), examples: result.outputs.reduce((n, o) => n + o.examples, 0) };
    });

    this.rpc.onRequest(OpenFileRequest, async ({ path: file }) => {
      const absolute = path.isAbsolute(file) ? file : path.resolve(base, file);
      if (!fs.existsSync(absolute)) throw new CuratorError('input', `${file} does not exist`, { file: absolute });
      const uri = vscode.Uri.file(absolute);
      if (absolute.endsWith('.stats.json')) await vscode.commands.executeCommand('vscode.openWith', uri, Editors.stats);
      else await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Active });
      return true;
    });

    this.rpc.onRequest(PickHoldoutRequest, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: false,
        defaultUri: vscode.Uri.file(base),
        title: 'Holdout embeddings: a JSONL file or a .lance store',
        filters: { 'JSON Lines': ['jsonl', 'json'], 'All files': ['*'] },
      });
      return picked?.[0] ? displayPath(picked[0].fsPath, base) : null;
    });
  }
}

/** A version alone switches the version and keeps the other options; anything else replaces them. */
function mergeForShow(current: ExportOptions, incoming: ExportOptions): ExportOptions {
  const keys = Object.keys(incoming).filter((key) => incoming[key as keyof ExportOptions] !== undefined);
  return keys.length === 1 && keys[0] === 'version' ? { ...current, version: incoming.version } : incoming;
}

/** The options the settings preselect (`lanceCurator.export.*`). */
function settingsOptions(config: vscode.WorkspaceConfiguration): ExportOptions {
  return settingsDefaults(config);
}
