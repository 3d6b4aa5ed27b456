import * as vscode from 'vscode';
import type { ExportOptions } from '../core';
import { OPTION_KEYS, optionProblem, optionSpec } from '../core';
import { Settings } from './ids';
import { settingOf } from './settingContributions';


/**
 * The options the user's settings preselect (every option marked `setting` in
 * the options table). A value the table refuses is ignored, with the reason
 * in `problems`, rather than breaking every preview.
 */
export function settingsDefaults(config = vscode.workspace.getConfiguration(Settings.section), problems: string[] = []): ExportOptions {
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    if (!optionSpec(key).setting) continue;
    const inspected = config.inspect(settingOf(key));
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value === undefined) continue;
    const problem = optionProblem(key, value);
    if (problem) problems.push(`${Settings.section}.${settingOf(key)}: ${problem}`);
    else options[key] = value;
  }
  return options as ExportOptions;
}
