import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRemoteUri } from '../core/store/remoteUri';

/**
 * A path as the user typed it, taken against `base` (the store's workspace
 * folder, `storeBaseDir`): relative names resolve there, absolute paths, remote
 * URIs and empty text stay as they are. The one rule for option fields and the
 * output file. No VS Code API here, so it is unit-tested alone.
 */
export function resolveAgainst(base: string, value: string): string {
  return value.trim() === '' || isRemoteUri(value) || path.isAbsolute(value) ? value : path.resolve(base, value);
}

/** How a path is shown for editing: relative to `base` when inside it (`exports/demo-sft.jsonl`), else absolute. */
export function relativeToBase(base: string, file: string): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/** What is wrong with `text` as the file an export writes (taken against `base`), or undefined. */
export function outputFileProblem(base: string, text: string): string | undefined {
  if (text.trim() === '') return 'enter a file name, e.g. exports/train.jsonl';
  if (isRemoteUri(text)) return 'the files are written on this machine: enter a local path';
  if (/[\\/]$/.test(text)) return 'this names a folder: add a file name';
  const file = resolveAgainst(base, text);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return `${file} is a folder: add a file name`;
  return undefined;
}
