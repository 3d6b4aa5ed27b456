import { formatCount } from '../../core/strings/formatCount';
import { isRemoteUri } from '../../core/store/remoteUri';
import * as vscode from 'vscode';
import { StoreInfo } from '../../protocol/workerMessages';
import { VersionView } from '../../protocol/messages';
import { Commands, ContextValues, Settings } from '../ids';

import { labelsDatasetExists, labelsLocationOf } from './labelsLocation';
import { StoreRegistry } from './storeRegistry';

/** A node of the Context Stores tree. */
export type StoreNode =
  | { kind: 'store'; location: string }
  | { kind: 'version'; location: string; version: number; latest: boolean; timestamp: number; rows?: number; previousRows?: number }
  | { kind: 'older'; location: string; shown: number; total: number }
  | { kind: 'labels'; location: string; labels: string }
  | { kind: 'error'; location: string; message: string };

/** Stores, and under each its versions, newest first, in pages. */
export class StoresTree implements vscode.TreeDataProvider<StoreNode> {
  private readonly changed = new vscode.EventEmitter<StoreNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pages = new Map<string, number>();

  constructor(private readonly registry: StoreRegistry) {
    registry.onDidChange(() => this.changed.fire(undefined));
  }

  /** Shows one more page of older versions of a store. */
  showOlder(location: string): void {
    this.pages.set(location, (this.pages.get(location) ?? 1) + 1);
    this.changed.fire({ kind: 'store', location });
  }

  getChildren(node?: StoreNode): vscode.ProviderResult<StoreNode[]> {
    if (!node) return this.registry.list().map((store) => ({ kind: 'store', location: store.location }));
    if (node.kind !== 'store') return [];
    return this.versionsOf(node.location);
  }

  private async versionsOf(location: string): Promise<StoreNode[]> {
    let info: StoreInfo;
    try {
      info = await this.registry.infoOf(location);
    } catch (error) {
      return [{ kind: 'error', location, message: (error as Error).message }];
    }
    const pageSize = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.versionsPageSize, 50);
    const shown = Math.min(info.versions.length, pageSize * (this.pages.get(location) ?? 1));
    const newestFirst = [...info.versions].reverse();
    const latest = newestFirst[0]?.version;
    const nodes: StoreNode[] = newestFirst.slice(0, shown).map((v: VersionView, i) => ({
      kind: 'version',
      location,
      version: v.version,
      latest: v.version === latest,
      timestamp: v.timestamp,
      rows: v.rows,
      previousRows: newestFirst[i + 1]?.rows,
    }));
    if (shown < info.versions.length) nodes.push({ kind: 'older', location, shown, total: info.versions.length });
    // The store's review decisions sit under it (never as a store of their own), once a review has written any.
    const labels = labelsLocationOf(location, vscode.workspace.getConfiguration(Settings.section).get<Record<string, unknown>>(Settings.labels, {}), workspaceOf(location));
    if (labelsDatasetExists(labels)) nodes.unshift({ kind: 'labels', location, labels });
    return nodes;
  }

  async getTreeItem(node: StoreNode): Promise<vscode.TreeItem> {
    switch (node.kind) {
      case 'store':
        return this.storeItem(node.location);
      case 'version': {
        const item = new vscode.TreeItem(`v${node.version}`, vscode.TreeItemCollapsibleState.None);
        const time = new Date(node.timestamp).toLocaleString();
        const change = versionChange(node.rows, node.previousRows);
        item.description = [time, change, node.latest ? 'latest' : undefined].filter(Boolean).join(' · ');
        item.tooltip = `Version ${node.version} of ${StoreRegistry.nameOf(node.location)}, committed ${time}${node.rows !== undefined ? `: ${formatCount(node.rows)} physical rows in the base table` : ''}${change ? ` (${change})` : ''}`;
        item.iconPath = new vscode.ThemeIcon(node.latest ? 'tag' : 'history');
        item.contextValue = ContextValues.version;
        item.command = { command: Commands.previewExport, title: 'Preview Export', arguments: [node] };
        item.accessibilityInformation = { label: `version ${node.version}${node.latest ? ', latest' : ''}, ${time}` };
        return item;
      }
      case 'labels': {
        const item = new vscode.TreeItem('Review labels', vscode.TreeItemCollapsibleState.None);
        item.description = isRemoteUri(node.labels) ? node.labels : vscode.workspace.asRelativePath(node.labels);
        item.tooltip = `The review decisions of ${StoreRegistry.nameOf(node.location)}: an append-only Lance labels dataset at ${node.labels}. Exports apply it with --labels; lance-curator labels show ${node.labels} reports them.`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = ContextValues.labels;
        item.accessibilityInformation = { label: `review labels of ${StoreRegistry.nameOf(node.location)}` };
        return item;
      }
      case 'older': {
        const item = new vscode.TreeItem(`Show older… (${node.total - node.shown} more)`, vscode.TreeItemCollapsibleState.None);
        item.contextValue = ContextValues.olderVersions;
        item.command = { command: Commands.showOlderVersions, title: 'Show Older Versions', arguments: [node] };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem('Cannot open store', vscode.TreeItemCollapsibleState.None);
        item.description = node.message;
        item.tooltip = node.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = ContextValues.error;
        return item;
      }
    }
  }

  private async storeItem(location: string): Promise<vscode.TreeItem> {
    const item = new vscode.TreeItem(StoreRegistry.nameOf(location), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `store:${location}`;
    item.contextValue = isRemoteUri(location) ? ContextValues.remoteStore : ContextValues.localStore;
    item.iconPath = new vscode.ThemeIcon('database');
    if (!isRemoteUri(location)) item.resourceUri = vscode.Uri.file(location);
    try {
      const info = await this.registry.infoOf(location);
      const latest = info.versions[info.versions.length - 1];
      item.description = `${formatCount(info.rows)} rows · ${info.embeddingDim === null ? 'no embeddings' : `${info.embeddingDim}-d`}`;
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.appendMarkdown(`**${escapeMarkdown(info.name)}**\n\n`);
      // Paths go in code spans, which show their text as is (escapes there would be shown literally).
      tooltip.appendMarkdown(`Location: ${codeSpan(info.uri)}\n\n`);
      tooltip.appendMarkdown(`Schema: ${escapeMarkdown(info.generation)}\n\n`);
      tooltip.appendMarkdown(`Distance metric: ${escapeMarkdown(info.distanceMetric)}\n\n`);
      if (latest) tooltip.appendMarkdown(`Latest version: ${latest.version}, ${new Date(latest.timestamp).toLocaleString()}\n\n`);
      tooltip.appendMarkdown(`Read: ${escapeMarkdown(info.readSummary)}\n\n`);
      tooltip.appendMarkdown(
        `${formatCount(info.rows)} rows are the base table's physical rows: every write of a record, tombstones included. ` +
          'A preview lists each record once (its newest row) and hides tombstones and expired, retired or superseded records, so it usually lists fewer.\n\n',
      );
      // First, so a narrow side bar cuts the row count rather than the records a read adds from the log.
      if (info.walRecords > 0) item.description = `+${formatCount(info.walRecords)} in WAL · ${item.description}`;
      item.tooltip = tooltip;
      item.accessibilityInformation = { label: `${info.name}, ${item.description}` };
    } catch (error) {
      const message = (error as Error).message;
      const other = /not a context store: looks like an? (\w+) store/.exec(message);
      if (other) {
        // Another lance-context record kind: shown greyed with the reason, not as a failure.
        item.description = `not a context store (looks like a ${other[1]} store)`;
        item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
        item.collapsibleState = vscode.TreeItemCollapsibleState.None;
      } else {
        item.description = 'cannot open';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      }
      item.tooltip = message;
    }
    return item;
  }
}

/** What a version changed in the base table's rows, e.g. "402 rows (+191)" or "402 rows (no row change)". */
export function versionChange(rows: number | undefined, previous: number | undefined): string | undefined {
  if (rows === undefined) return undefined;
  const total = `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`;
  if (previous === undefined) return total;
  const delta = rows - previous;
  return `${total} (${delta === 0 ? 'no row change: index, schema or compaction' : `${delta > 0 ? '+' : '−'}${formatCount(Math.abs(delta))}`})`;
}

/** A Markdown code span holding `text` literally, fenced with more backticks than it contains. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The workspace folder holding a local store (for settings' relative paths). */
function workspaceOf(location: string): string | undefined {
  if (isRemoteUri(location)) return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(location))?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
