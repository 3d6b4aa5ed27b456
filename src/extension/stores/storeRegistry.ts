import { isRemoteUri } from '../../core/store/remoteUri';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { StoreInfo, StoreRef, WorkerForget, WorkerStoreInfo } from '../../protocol/workerMessages';
import { CuratorClient } from '../curatorClient';
import { Disposable } from '../dispose';
import { Settings } from '../ids';
import { Log } from '../log';
import { findStores, inReviewFolder, resolveConfiguredStore } from './findStores';


const HIDDEN_KEY = 'lanceCurator.hiddenStores';
const SECRET_PREFIX = 'lanceCurator.storageOptions:';

/** A store the tree shows: where it is and whether the user added it by hand. */
export interface KnownStore {
  location: string;
  configured: boolean;
}

/**
 * The stores of this window: found in the workspace (kept fresh by a file
 * watcher) plus the ones in the `lanceCurator.stores` setting, with their
 * info loaded through the worker and credentials from secret storage.
 */
export class StoreRegistry extends Disposable {
  private stores: KnownStore[] = [];
  private readonly info = new Map<string, Promise<StoreInfo>>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the list of stores or a store's versions change. */
  readonly onDidChange = this.changed.event;
  private rescanTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: CuratorClient,
    private readonly log: Log,
  ) {
    super();
    // A new version lands in _versions/; lance-context's writes land in _mem_wal/ without a new version.
    const onStoreFile = (uri: vscode.Uri) => this.storeTouched(uri.fsPath);
    for (const pattern of ['**/*.lance/_versions/**', '**/*.lance/_mem_wal/**']) {
      const watcher = this._register(vscode.workspace.createFileSystemWatcher(pattern));
      this._register(watcher.onDidCreate(onStoreFile));
      this._register(watcher.onDidDelete(onStoreFile));
      this._register(watcher.onDidChange(onStoreFile));
    }
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${Settings.section}.${Settings.stores}`) || event.affectsConfiguration(`${Settings.section}.${Settings.discoveryMaxDepth}`)) {
          this.refresh();
        }
      }),
    );
    this._register({ dispose: () => this.rescanTimer && clearTimeout(this.rescanTimer) });
  }

  /** Rescans the workspace and the settings, and forgets cached store info. */
  refresh(): void {
    const config = vscode.workspace.getConfiguration(Settings.section);
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const hidden = new Set(this.context.workspaceState.get<string[]>(HIDDEN_KEY, []));
    const discovered = findStores(roots, { maxDepth: config.get<number>(Settings.discoveryMaxDepth, 4) }).filter((s) => !hidden.has(s));
    const configured = config.get<string[]>(Settings.stores, []).map((entry) => resolveConfiguredStore(entry, roots[0]));
    const seen = new Set<string>();
    this.stores = [];
    for (const location of configured) if (!seen.has(location)) (seen.add(location), this.stores.push({ location, configured: true }));
    for (const location of discovered) if (!seen.has(location)) (seen.add(location), this.stores.push({ location, configured: false }));
    for (const location of this.info.keys()) this.forget(location);
    this.info.clear();
    this.log.info(`stores: ${this.stores.length} (${configured.length} from settings, ${discovered.length} found in the workspace, ${hidden.size} hidden)`);
    // The empty view says truthfully whether stores exist but are hidden, and offers them back.
    void vscode.commands.executeCommand('setContext', 'lanceCurator.hiddenStores', hidden.size);
    this.changed.fire();
  }

  /** Stores hidden from this workspace's tree with Remove Store. */
  hidden(): string[] {
    return this.context.workspaceState.get<string[]>(HIDDEN_KEY, []);
  }

  /** Shows hidden stores again (all, or the given ones). */
  async showHidden(locations = this.hidden()): Promise<void> {
    const keep = this.hidden().filter((location) => !locations.includes(location));
    await this.context.workspaceState.update(HIDDEN_KEY, keep);
    this.refresh();
  }

  list(): readonly KnownStore[] {
    return this.stores;
  }

  /** How the worker reaches `location` (credentials from secret storage for remote stores). */
  async refOf(location: string): Promise<StoreRef> {
    const settings = vscode.workspace.getConfiguration(Settings.section);
    const allowUnmergedWal = settings.get<boolean>(Settings.allowUnmergedWal, false);
    // How the worker may use memory and disk: they change no byte of any output.
    const memoryBudget = settings.get<string>(Settings.memoryBudget, '').trim();
    const tempDir = settings.get<string>(Settings.tempDir, '').trim();
    const budget = { ...(memoryBudget ? { memoryBudget } : {}), ...(tempDir ? { tempDir } : {}) };
    if (!isRemoteUri(location)) return { location, allowUnmergedWal, ...budget };
    const secret = await this.context.secrets.get(SECRET_PREFIX + location);
    return { location, storageOptions: secret ? (JSON.parse(secret) as Record<string, string>) : undefined, allowUnmergedWal, ...budget };
  }

  /** Store info (rows, dimension, versions), loaded once per change of the store. */
  infoOf(location: string): Promise<StoreInfo> {
    let info = this.info.get(location);
    if (!info) {
      info = this.refOf(location).then((store) => this.client.request(WorkerStoreInfo, { store }));
      info.catch(() => undefined);
      this.info.set(location, info);
    }
    return info;
  }

  async setCredentials(location: string, options: Record<string, string>): Promise<void> {
    await this.context.secrets.store(SECRET_PREFIX + location, JSON.stringify(options));
    this.forget(location);
    this.info.delete(location);
    this.changed.fire();
  }

  /** Adds a store to the `lanceCurator.stores` setting (workspace scope when a folder is open). */
  async add(location: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(Settings.section);
    const current = config.get<string[]>(Settings.stores, []);
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    // A store inside the workspace is written relative to it, so the setting travels with the repository.
    const entry = isRemoteUri(location) || roots.length === 0 ? location : relativeTo(roots[0], location);
    if (!current.some((existing) => resolveConfiguredStore(existing, roots[0]) === location)) {
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update(Settings.stores, [...current, entry], target);
    }
    await this.unhide(location);
    this.refresh();
  }

  /** Removes a configured store from the settings, or hides a discovered one in this workspace. */
  async remove(location: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(Settings.section);
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const current = config.get<string[]>(Settings.stores, []);
    const remaining = current.filter((entry) => resolveConfiguredStore(entry, roots[0]) !== location);
    if (remaining.length !== current.length) {
      const inspect = config.inspect<string[]>(Settings.stores);
      const target = inspect?.workspaceValue ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update(Settings.stores, remaining, target);
    }
    if (!isRemoteUri(location)) {
      const hidden = this.context.workspaceState.get<string[]>(HIDDEN_KEY, []);
      await this.context.workspaceState.update(HIDDEN_KEY, [...new Set([...hidden, location])]);
    }
    this.refresh();
  }

  private async unhide(location: string): Promise<void> {
    const hidden = this.context.workspaceState.get<string[]>(HIDDEN_KEY, []);
    await this.context.workspaceState.update(HIDDEN_KEY, hidden.filter((h) => h !== location));
  }

  /** A file under a store's `_versions/` or `_mem_wal/` changed: new version, new write-ahead-log data or a new store. */
  private storeTouched(file: string): void {
    // A labels dataset's appends are no store's change.
    if (inReviewFolder(file)) return;
    const match = /^(.*\.lance)[\\/](_versions|_mem_wal)[\\/]/.exec(file);
    const store = match?.[1];
    if (store && this.info.has(store)) {
      this.forget(store);
      this.info.delete(store);
    }
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      if (store && !this.stores.some((s) => s.location === store)) this.refresh();
      else this.changed.fire();
    }, 300);
  }

  private forget(location: string): void {
    void this.refOf(location).then((store) => this.client.notify(WorkerForget, { store })).catch(() => undefined);
  }

  /** A short name for messages: the directory name. */
  static nameOf(location: string): string {
    return path.basename(location.replace(/[\\/]+$/, ''));
  }
}

/** `location` relative to `root` when it lies inside it, else as given. */
function relativeTo(root: string, location: string): string {
  const relative = path.relative(root, location);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : location;
}
