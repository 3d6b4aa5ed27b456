import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import { compactOptions } from '../../core/options/exportOptions';
import { OPTION_SPECS } from '../../core/options/optionSpecs';
import { defaultOutputPath, parseCommandArgument } from '../commandArgs';
import { CuratorClient } from '../curatorClient';
import { CountedState, exportWithProgress } from '../exportWithProgress';
import { confirmOutputs } from '../confirmOutputs';
import { Settings } from '../ids';
import { Log } from '../log';
import { resolveOptionPaths, storeBaseDir } from '../optionPaths';
import { settingsDefaults } from '../optionSettings';
import { PreviewPanel } from '../preview/previewPanel';
import { StoreRegistry } from '../stores/storeRegistry';
import { askOptions, OptionStep } from './optionSteps';
import { pickStore, workspaceRoot } from './pickStore';

/** What the command asks when no preview is open: the shape, then the curation (each where the option applies). */
const STEPS: OptionStep[] = [
  { key: 'task' },
  { key: 'form' },
  { key: 'format' },
  { key: 'groupBy' },
  { key: 'filter' },
  { key: 'minReward' },
  { key: 'dedupThreshold' },
  { key: 'holdout' },
  { key: 'decontaminateThreshold' },
  { key: 'splitEval' },
];

/** A one-line account of options, for the "Use the preview's options" choice. */
export function summarizeOptions(options: ExportOptions): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(compactOptions(options))) {
    const spec = OPTION_SPECS[key as keyof typeof OPTION_SPECS];
    if (!spec || value === spec.default || value === false) continue;
    parts.push(value === true ? spec.label.toLowerCase() : `${spec.label.toLowerCase()} ${typeof value === 'string' && value.length > 24 ? `${value.slice(0, 24)}…` : value}`);
  }
  return parts.join(', ') || 'defaults';
}

/**
 * "Export Training Set": with an options object (keybindings, tasks) it asks
 * nothing; with a preview of the store open its first choice is that preview's
 * options; otherwise a multi-step input asks the shape and the curation.
 */
export async function exportTrainingSet(arg: unknown, client: CuratorClient, registry: StoreRegistry, log: Log): Promise<void> {
  const root = workspaceRoot();
  const target = parseCommandArgument(arg, root);
  const config = vscode.workspace.getConfiguration(Settings.section);
  const outputDirectory = config.get(Settings.outputDirectory, 'exports');
  if (target.kind === 'options') {
    const base = storeBaseDir(target.location);
    const out = target.out ?? defaultOutputPath(base, outputDirectory, target.location, target.options);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await exportWithProgress(client, registry, log, target.location, { stats: true, ...resolveOptionPaths(target.options, base) }, out, false);
    return;
  }
  const location = target.kind === 'store' ? target.location : await pickStore(registry, 'Export which store?');
  if (!location) return;
  const base = storeBaseDir(location);
  const version = target.kind === 'store' ? target.version : undefined;
  let options: ExportOptions | undefined;
  let counted: CountedState | undefined;
  const preview = PreviewPanel.of(location);
  if (preview) {
    const previewOptions = { ...preview.currentOptions, ...(version !== undefined ? { version } : {}) };
    const choice = await vscode.window.showQuickPick(
      [
        { label: "$(preview) Use the preview's options", detail: summarizeOptions(previewOptions), use: true },
        { label: '$(list-selection) Choose options step by step', use: false },
      ],
      { title: 'Export Training Set' },
    );
    if (!choice) return;
    if (choice.use) {
      options = previewOptions;
      // The preview's counts are what "Use the preview's options" promises: the export re-checks them after the dialog.
      counted = preview.countedState(previewOptions);
    }
  }
  if (!options) {
    const start: ExportOptions = { ...settingsDefaults(config), ...(version !== undefined ? { version } : {}) };
    options = await askOptions('Export Training Set', STEPS, start);
    if (!options) return;
  }
  const defaultUri = vscode.Uri.file(defaultOutputPath(base, outputDirectory, location, options));
  fs.mkdirSync(path.dirname(defaultUri.fsPath), { recursive: true });
  const uri = await vscode.window.showSaveDialog({ defaultUri, filters: { 'JSON Lines': ['jsonl'] }, title: 'Export Training Set: save as' });
  if (!uri) return;
  const exported = { stats: true, ...resolveOptionPaths(options, base) };
  const confirmed = await confirmOutputs(uri.fsPath, exported);
  if (!confirmed) return;
  await exportWithProgress(client, registry, log, location, exported, uri.fsPath, true, confirmed.replaceStale, counted);
}
