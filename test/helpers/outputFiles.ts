import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The files an export wrote to `outDir` under `stem` (`<stem>.jsonl`,
 * `<stem>.manifest.json`, ...), by name, each with the things two runs of
 * one export may not share written alike: the outputs' own folder where a
 * file names them (`<out>/<stem>.`), and the run record's clock reading.
 */
export function outputFilesOf(outDir: string, stem: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(outDir).sort()) {
    if (!name.startsWith(`${stem}.`)) continue;
    const text = fs.readFileSync(path.join(outDir, name), 'utf8').split(`${outDir}/${stem}.`).join(`<out>/${stem}.`);
    files.set(name, name.endsWith('.run.json') ? text.replace(/"written_at": "[^"]*"/, '"written_at": ""') : text);
  }
  return files;
}
