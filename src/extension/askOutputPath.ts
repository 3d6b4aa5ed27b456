import * as path from 'node:path';
import * as vscode from 'vscode';
import { outputFileProblem, relativeToBase, resolveAgainst } from './relativePath';

/**
 * Asks where an export writes: an input holding the default file relative to
 * the store's workspace folder (`exports/demo-sft.jsonl`), where a relative
 * name resolves against that folder as the option fields' paths do, the full
 * path said under it as it is typed; "Browse…" opens the save dialog. (VS
 * Code's own save dialog, as code-server and remote windows show it, made
 * `exports/x.jsonl` into `/exports/x.jsonl`.) Resolves the absolute path, or
 * undefined when the user cancels.
 */
export function askOutputPath(title: string, base: string, defaultPath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    const browse: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: 'Browse…' };
    box.title = title;
    box.prompt = `The file to write (.train/.eval beside it for a split). A relative name is taken in ${base}.`;
    box.value = relativeToBase(base, defaultPath);
    // The name is selected, so typing replaces it and keeps the folder.
    const name = box.value.lastIndexOf('/') + 1;
    box.valueSelection = [name, box.value.length - path.extname(box.value).length];
    box.buttons = [browse];
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (file: string | undefined) => {
      if (done) return;
      done = true;
      resolve(file);
      box.dispose();
    };
    const check = (text: string) => {
      const problem = outputFileProblem(base, text);
      box.validationMessage = problem ?? { message: `→ ${resolveAgainst(base, text)}`, severity: vscode.InputBoxValidationSeverity.Info };
      return !problem;
    };
    check(box.value);
    box.onDidChangeValue(check);
    box.onDidAccept(() => {
      if (check(box.value)) finish(resolveAgainst(base, box.value));
    });
    box.onDidTriggerButton(async () => {
      const current = outputFileProblem(base, box.value) ? defaultPath : resolveAgainst(base, box.value);
      done = true; // the dialog hides the input: its hide is not a cancel
      const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(current), filters: { 'JSON Lines': ['jsonl'] }, title });
      resolve(uri?.fsPath);
      box.dispose();
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
