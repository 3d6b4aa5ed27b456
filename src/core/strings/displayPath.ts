import * as path from 'node:path';

/**
 * A path for people: relative to `base` when it lies inside it, else as given
 * (absolute). The CLI's messages use the working directory, the panel the
 * store's folder.
 */
export function displayPath(file: string, base = process.cwd()): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
