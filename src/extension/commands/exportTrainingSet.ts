import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOptions } from '../../core';
import { defaultOutputPath, parseCommandArgument } from '../commandArgs';
import { CuratorClient } from '../curatorClient';
import { runExport } from '../exportRunner';
import { Settings } from '../ids';
import { Log } from '../log';
import { StoreRegistry } from '../stores/storeRegistry';
import { pickStore, workspaceRoot } from './pickStore';

const TASKS: (vscode.QuickPickItem & { task: NonNullable<ExportOptions['task']> })[] = [
  { label: 'SFT', description: 'conversations as message lists (supervised fine-tuning, rejection sampling)', task: 'sft' },
  { label: 'Preference', description: 'chosen/rejected pairs, KTO labels or ranked candidates (DPO, KTO, reward models)', task: 'preference' },
  { label: 'Rollout', description: 'a prompt with rewarded responses (PPO, GRPO, RLVR)', task: 'rollout' },
];

const FORMS: (vscode.QuickPickItem & { form: NonNullable<ExportOptions['form']> })[] = [
  { label: 'Paired', description: 'best vs worst candidate per prompt (DPO, SimPO, ORPO)', form: 'paired' },
  { label: 'Unpaired', description: 'one completion with a true/false label (KTO)', form: 'unpaired' },
  { label: 'Ranked', description: 'all candidates in rank order (LLM judges, reward models)', form: 'ranked' },
];

const GROUPINGS = ['session_id', 'run_id', 'tenant', 'source', 'bot_id', 'none', 'external_id_prefix:…'];

/** "Export Training Set": asks store, task, form, grouping and file — or nothing when given an options object. */
export async function exportTrainingSet(arg: unknown, client: CuratorClient, registry: StoreRegistry, log: Log): Promise<void> {
  const root = workspaceRoot();
  const target = parseCommandArgument(arg, root);
  const config = vscode.workspace.getConfiguration(Settings.section);
  if (target.kind === 'options') {
    const out = target.out ?? defaultOutputPath(root ?? process.cwd(), config.get(Settings.outputDirectory, 'exports'), target.location, target.options.task ?? 'sft');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await runExport(client, registry, log, target.location, { stats: true, ...target.options }, out, false);
    return;
  }
  const location = target.kind === 'store' ? target.location : await pickStore(registry, 'Export which store?');
  if (!location) return;
  const defaultTask = config.get<string>(Settings.defaultTask, 'sft');
  const task = await vscode.window.showQuickPick(
    [...TASKS].sort((a, b) => (a.task === defaultTask ? -1 : b.task === defaultTask ? 1 : 0)),
    { title: 'Export Training Set: task', placeHolder: 'What will you train?' },
  );
  if (!task) return;
  const options: ExportOptions = { task: task.task, stats: true };
  if (target.kind === 'store' && target.version !== undefined) options.version = target.version;
  if (task.task === 'preference') {
    const form = await vscode.window.showQuickPick(FORMS, { title: 'Export Training Set: preference form' });
    if (!form) return;
    options.form = form.form;
  }
  const defaultGroupBy = config.get<string>(Settings.defaultGroupBy, 'session_id');
  const grouping = await vscode.window.showQuickPick(
    GROUPINGS.map((g) => ({ label: g, description: g === defaultGroupBy ? 'default' : undefined })).sort((a) => (a.label === defaultGroupBy ? -1 : 0)),
    { title: 'Export Training Set: group records into examples by' },
  );
  if (!grouping) return;
  if (grouping.label.startsWith('external_id_prefix')) {
    const delimiter = await vscode.window.showInputBox({ title: 'Group by the external id up to this delimiter', value: '#', validateInput: (v) => (v ? undefined : 'enter a delimiter') });
    if (!delimiter) return;
    options.groupBy = `external_id_prefix:${delimiter}`;
  } else {
    options.groupBy = grouping.label;
  }
  const defaultUri = vscode.Uri.file(defaultOutputPath(root ?? path.dirname(location), config.get(Settings.outputDirectory, 'exports'), location, task.task));
  fs.mkdirSync(path.dirname(defaultUri.fsPath), { recursive: true });
  const uri = await vscode.window.showSaveDialog({ defaultUri, filters: { 'JSON Lines': ['jsonl'] }, title: 'Export Training Set: save as' });
  if (!uri) return;
  await runExport(client, registry, log, location, options, uri.fsPath);
}
