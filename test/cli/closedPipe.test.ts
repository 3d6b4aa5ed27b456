import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

/** Runs the CLI with its stdout a pipe whose reading end is already closed (`… | head -0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('lance-curator with a reader that went away', function () {
  this.timeout(60_000);
  const tmp = useTempDir();

  it('versions | head exits quietly on EPIPE: no stack trace, no error', async () => {
    // Many versions, so the listing is written after the reader is gone.
    let store = '';
    for (let i = 0; i < 3; i++) store = await addRecords(tmp(), [rec(`r${i}`, 'user', `text ${i}`, i)]);
    const run = await runWithClosedStdout(['versions', store]);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
  });
});
