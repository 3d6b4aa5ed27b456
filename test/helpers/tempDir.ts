import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temporary directory, removed by `cleanup()`. */
export function makeTempDir(prefix = 'lance-curator-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Registers a temp dir per test in the current mocha suite; returns a getter. */
export function useTempDir(): () => string {
  let current: { dir: string; cleanup: () => void } | undefined;
  beforeEach(() => {
    current = makeTempDir();
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  return () => current!.dir;
}

/** The non-empty lines of a JSONL file, parsed. */
export function readLines(file: string): any[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Files in a directory, hidden temp files included, sorted. */
export function listFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
