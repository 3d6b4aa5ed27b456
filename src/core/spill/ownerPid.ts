import * as fs from 'node:fs';
import * as path from 'node:path';

/** True while a process with this pid runs on this machine (a pid we may not signal still runs). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the entries of `dir` whose name `ownerOf` maps to the pid of a
 * process that no longer runs: what a killed run left behind. Entries of
 * running processes (another export, this one) are left alone; entries that
 * cannot be removed are skipped, the next run tries again. Returns the paths
 * removed.
 */
export function removeDeadOwners(dir: string, ownerOf: (name: string) => number | undefined): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = ownerOf(name);
    if (pid === undefined || pid === process.pid || processAlive(pid)) continue;
    const entry = path.join(dir, name);
    try {
      fs.rmSync(entry, { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // busy or not ours to remove: left for a later run
    }
  }
  return removed;
}
