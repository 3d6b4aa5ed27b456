import * as path from 'node:path';
import type { OutputConflicts } from '../core';

/**
 * The overwrite confirmation of an export (panel and palette): every file it
 * replaces, sidecars included, and every file an earlier, different export to
 * the same name left that this one would not write, which confirming removes.
 * Undefined when nothing is there. Pure, so a test reads what a user reads.
 */
export function overwriteMessage(out: string, conflicts: OutputConflicts): { message: string; detail: string; confirm: string } | undefined {
  const { replaced, stale } = conflicts;
  if (replaced.length === 0 && stale.length === 0) return undefined;
  const dir = path.dirname(out);
  const name = (file: string) => (path.dirname(file) === dir ? path.basename(file) : file);
  const parts: string[] = [];
  if (replaced.length > 0) parts.push(`It replaces ${replaced.length === 1 ? 'this file' : `these ${replaced.length} files`}:\n${replaced.map((f) => `  ${name(f)}`).join('\n')}`);
  if (stale.length > 0) {
    parts.push(
      `An earlier, different export to ${path.basename(out)} left ${stale.length === 1 ? 'this file' : `these ${stale.length} files`}, which would no longer describe what is written; they are removed:\n${stale.map((f) => `  ${name(f)}`).join('\n')}`,
    );
  }
  return {
    message: `Write ${path.basename(out)} in ${dir}?`,
    detail: parts.join('\n\n'),
    confirm: stale.length > 0 ? 'Replace and remove' : 'Replace',
  };
}
