import { strict as assert } from 'node:assert';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildManyExamplesStore } from '../helpers/manyExamplesStore';
import { BIN, runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';

const SPILL = /^lance-curator-spill-\d+-[0-9a-f]+$/;

/** Resolves once `dir` holds a spill folder (the export is spilling), or rejects when the child ends first. */
function spillFolderAppears(dir: string, child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const ended = () => reject(new Error('the export ended before it spilled'));
    child.once('exit', ended);
    const poll = setInterval(() => {
      const found = fs.readdirSync(dir).find((name) => SPILL.test(name));
      if (found) {
        clearInterval(poll);
        child.off('exit', ended);
        resolve(found);
      }
    }, 2);
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('CLI: spilling under a memory budget', function () {
  this.timeout(120_000);
  let tmp: { dir: string; cleanup: () => void };
  let store: string;
  before(async () => {
    tmp = makeTempDir();
    store = await buildManyExamplesStore(path.join(tmp.dir, 'store'), 20_000);
  });
  after(() => tmp.cleanup());

  const fresh = (name: string) => {
    const dir = path.join(tmp.dir, name);
    fs.mkdirSync(dir);
    return dir;
  };
  const exportArgs = (out: string, spill: string) => ['export', store, '--out', out, '--group-by', 'session_id', '--memory-budget', '1KiB', '--temp-dir', spill];

  it('a killed export leaves no output, and the next run removes what it left', async () => {
    const spill = fresh('killed-spill');
    const outDir = fresh('killed-out');
    const out = path.join(outDir, 'out.jsonl');
    const child = spawn(BIN, exportArgs(out, spill), { stdio: 'ignore' });
    const folder = await spillFolderAppears(spill, child);
    child.kill('SIGKILL');
    assert.equal((await exited(child)).signal, 'SIGKILL');
    assert.ok(fs.existsSync(path.join(spill, folder)), 'a killed run cannot clean up after itself');
    assert.deepEqual(
      fs.readdirSync(outDir).filter((name) => !name.startsWith('.')),
      [],
      'no output file is in place',
    );

    const next = await runCli(exportArgs(out, spill));
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(fs.readdirSync(spill), [], 'the next run removed the dead run’s spill folder, and its own');
    assert.deepEqual(
      fs.readdirSync(outDir).filter((name) => name.endsWith('.tmp')),
      [],
      'and the dead run’s staged files',
    );
    assert.ok(fs.statSync(out).size > 0);
  });

  it('SIGTERM stops a spilling export: nothing written, the spill folder removed', async () => {
    const spill = fresh('term-spill');
    const outDir = fresh('term-out');
    const child = spawn(BIN, exportArgs(path.join(outDir, 'out.jsonl'), spill), { stdio: 'ignore' });
    await spillFolderAppears(spill, child);
    child.kill('SIGTERM');
    const { code } = await exited(child);
    assert.notEqual(code, 0);
    assert.deepEqual(fs.readdirSync(spill), []);
    assert.deepEqual(fs.readdirSync(outDir), []);
  });

  it('a full disk is an error that says so, and leaves no output', function () {
    // A 64 KiB tmpfs, mounted in a private mount namespace (no root needed where user namespaces are on).
    const spill = fresh('full-spill');
    const outDir = fresh('full-out');
    const out = path.join(outDir, 'out.jsonl');
    const script = `mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"`;
    const result = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', spill, BIN, ...exportArgs(out, spill)], { encoding: 'utf8' });
    assert.equal(result.error, undefined, `unshare could not run: ${result.error}`);
    assert.notEqual(result.status, 0, result.stdout);
    assert.match(result.stderr, /disk holding the spill folder is full/);
    assert.match(result.stderr, /--temp-dir|temporary folder/);
    assert.deepEqual(fs.readdirSync(outDir), [], 'no output, not even a staged one');
  });
});
