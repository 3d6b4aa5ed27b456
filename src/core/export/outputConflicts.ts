import * as fs from 'node:fs';
import type { ResolvedExportOptions } from '../options/resolveExportOptions';
import { splitPaths } from '../split/splitHash';
import { isRemoteUri } from '../store/remoteUri';
import { leakagePath, OutputFile, outputFilesOf, runRecordPath } from './outputFiles';

/** What an export to a path would do to the files already there. */
export interface OutputConflicts {
  /** Files this export writes that exist now: it replaces them. */
  replaced: string[];
  /**
   * Files an earlier export to the same path left that this one would not
   * write (a leakage report, `.train`/`.eval` files and their sidecars, a
   * stats or provenance file): left beside it, they would describe another run.
   */
  stale: string[];
}

/** Every file any export to `outPath` can write, whatever its options: split or not, every sidecar. */
function sameBaseFiles(outPath: string): string[] {
  const sides = [outPath, splitPaths(outPath).train, splitPaths(outPath).eval];
  const files = sides.flatMap((side) => [side, `${side}.manifest.json`, `${side}.stats.json`, `${side}.provenance.jsonl`]);
  return [...files, leakagePath(outPath), runRecordPath(outPath)];
}

/**
 * The files an export to `outPath` with these options would replace, and the
 * same-base files of an earlier, different export it would leave stale.
 * Local paths only (a remote output has nothing to compare).
 *
 * @example
 * const { replaced, stale } = outputConflicts('exports/demo-sft.jsonl', resolveExportOptions(options));
 */
export function outputConflicts(outPath: string, resolved: ResolvedExportOptions, files: readonly OutputFile[] = outputFilesOf(outPath, resolved)): OutputConflicts {
  if (isRemoteUri(outPath)) return { replaced: [], stale: [] };
  const written = new Set(files.map((file) => file.path));
  const exists = (file: string) => fs.existsSync(file);
  return {
    replaced: files.map((file) => file.path).filter(exists),
    stale: sameBaseFiles(outPath).filter((file) => !written.has(file) && exists(file)),
  };
}

/** Removes stale files of an earlier export (after this one is written); returns those removed. */
export function removeStaleOutputs(stale: readonly string[]): string[] {
  const removed: string[] = [];
  for (const file of stale) {
    try {
      fs.rmSync(file);
      removed.push(file);
    } catch {
      // already gone
    }
  }
  return removed;
}
