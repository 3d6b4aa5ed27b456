import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../errors';
import type { ExportOptions } from '../options/exportOptions';
import { OPTION_KEYS, optionOfFlag, optionSpec } from '../options/optionSpecs';
import type { ResolvedExportOptions } from '../options/resolveExportOptions';
import { splitPaths } from '../split/splitHash';
import { isRemoteUri } from '../store/remoteUri';
import type { OutputSide } from '../split/outputSide';

/** What a file an export writes is. */
export type OutputRole = 'output' | 'provenance' | 'manifest' | 'stats' | 'leakage report' | 'run record';

/** Every file one export writes, by role. */
export interface OutputFile {
  path: string;
  role: OutputRole;
}

/** The files of one side of an export: its lines and their sidecars. */
export interface SideFiles {
  side: OutputSide;
  path: string;
  manifestPath: string;
  /** With `--stats`. */
  statsPath?: string;
  /** Trainer formats (trl, openai): `<path>.provenance.jsonl`, line i describing line i of `path`. */
  provenancePath?: string;
}

/** The output of each side of an export to `outPath`, with its sidecars. */
export function sideFilesOf(outPath: string, resolved: Pick<ResolvedExportOptions, 'split' | 'stats' | 'format'>): SideFiles[] {
  const sides: { side: OutputSide; path: string }[] = resolved.split
    ? [
        { side: 'train', path: splitPaths(outPath).train },
        { side: 'eval', path: splitPaths(outPath).eval },
      ]
    : [{ side: 'all', path: outPath }];
  return sides.map(({ side, path: file }) => ({
    side,
    path: file,
    manifestPath: `${file}.manifest.json`,
    ...(resolved.stats ? { statsPath: `${file}.stats.json` } : {}),
    ...(resolved.format !== 'native' ? { provenancePath: `${file}.provenance.jsonl` } : {}),
  }));
}

/**
 * Every file an export to `outPath` writes, sidecars included: the lines of
 * each side with their provenance, manifest and stats, the leakage report and
 * the run record. The one list the export writes by, the collision check
 * refuses by (before anything is read), the run record's `outputs` and the
 * panel's list of written files.
 */
export function outputFilesOf(outPath: string, resolved: Pick<ResolvedExportOptions, 'split' | 'stats' | 'format' | 'leakage'>): OutputFile[] {
  const files: OutputFile[] = [];
  for (const side of sideFilesOf(outPath, resolved)) {
    files.push({ path: side.path, role: 'output' });
    if (side.provenancePath) files.push({ path: side.provenancePath, role: 'provenance' });
    files.push({ path: side.manifestPath, role: 'manifest' });
    if (side.statsPath) files.push({ path: side.statsPath, role: 'stats' });
  }
  if (resolved.split && resolved.leakage) files.push({ path: leakagePath(outPath), role: 'leakage report' });
  files.push({ path: runRecordPath(outPath), role: 'run record' });
  return files;
}

/** `<out>.leakage.json`: train/eval pairs that are near duplicates, next to the split files. */
export function leakagePath(outPath: string): string {
  return `${outPath}.leakage.json`;
}

/** `<out>.run.json`: the run record next to the (first) output. */
export function runRecordPath(outPath: string): string {
  return `${outPath}.run.json`;
}

/** The local input files an export reads: every path option of the table that names a file. */
export function inputFilesOf(options: ExportOptions, cwd = process.cwd()): { option: string; path: string }[] {
  const inputs: { option: string; path: string }[] = [];
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (optionSpec(key).kind !== 'path') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.trim() !== '' && !isRemoteUri(item)) inputs.push({ option: optionSpec(key).flag, path: path.resolve(cwd, item) });
    }
  }
  return inputs;
}

/**
 * Refuses, before anything is read, an output that would overwrite an input
 * of the run (a holdout, a benchmark, a tools or template file) or land inside
 * the store. Names the two paths that collide.
 */
export function refuseOutputCollisions(outputs: readonly OutputFile[], inputs: readonly { option: string; path: string }[], store: { uri: string; local: boolean }): void {
  const inputByPath = new Map(inputs.map((input) => [canonical(input.path), input]));
  const storeDir = store.local ? canonical(store.uri) : undefined;
  for (const output of outputs) {
    const target = canonical(output.path);
    const input = inputByPath.get(target);
    if (input) {
      throw usageError(`the ${output.role} ${output.path} would overwrite the ${inputNoun(input.option)} input ${input.path}; write the export elsewhere`, {
        file: output.path,
        option: 'out',
      });
    }
    if (storeDir && (target === storeDir || target.startsWith(storeDir + path.sep))) {
      throw usageError(`the ${output.role} ${output.path} lies inside the store ${store.uri}; write exports outside the dataset directory`, {
        file: output.path,
        option: 'out',
      });
    }
  }
}

/** An input option in words, from its label: "holdout", "benchmarks", "tools file" (the flag is the CLI's word). */
export function inputNoun(flag: string): string {
  const key = optionOfFlag(flag);
  return key ? optionSpec(key).label.replace(/\s*\(.*\)$/, '').toLowerCase() : flag;
}

/** The path with symlinks resolved as far as it exists, so two spellings of one file compare equal. */
function canonical(file: string): string {
  let head = path.resolve(file);
  const tail: string[] = [];
  while (!fs.existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) break;
    tail.unshift(path.basename(head));
    head = parent;
  }
  try {
    head = fs.realpathSync(head);
  } catch {
    // unreadable: compare as given
  }
  return path.join(head, ...tail);
}
