import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { formatDuration, ProgressStream, stageTracker, stderrProgress } from '../../src/cli/progress';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';

/** A stand-in stderr that keeps what was written. */
function capture(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 120, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('CLI progress', () => {
  it('measures rate and ETA per stage, from the stage\'s first report', () => {
    let now = 0;
    const track = stageTracker(() => now);
    track({ stage: 'scan', done: 0, total: 1000 });
    now = 2000;
    const scan = track({ stage: 'scan', done: 500, total: 1000 });
    assert.equal(scan.rate, 250);
    assert.equal(scan.etaSeconds, 2);
    now = 3000;
    const write = track({ stage: 'write', done: 0 });
    assert.equal(write.elapsedSeconds, 0, 'a new stage restarts the clock');
    assert.equal(write.etaSeconds, undefined, 'no ETA without a total');
  });

  it('prints plain lines with stage, records, rate and ETA when stderr is not a terminal', () => {
    let now = 0;
    const stream = capture(false);
    const progress = stderrProgress({ json: false, stream, now: () => now, delayMs: 0, lineIntervalMs: 0 });
    progress.onProgress({ stage: 'scan', done: 0, total: 4000 });
    now = 1000;
    progress.onProgress({ stage: 'scan', done: 1000, total: 4000 });
    progress.done();
    const lines = stream.text().trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[1], 'lance-curator: reading records 1,000/4,000 · 1,000/s · ETA 3 s (1 s)');
    assert.ok(!stream.text().includes('\r'), 'no carriage returns in a log');
  });

  it('draws one rewritten bar on a terminal and clears it when done', () => {
    let now = 0;
    const stream = capture(true);
    const progress = stderrProgress({ json: false, stream, now: () => now, delayMs: 0 });
    progress.onProgress({ stage: 'listing', done: 0, total: 10 });
    now = 1000;
    progress.onProgress({ stage: 'listing', done: 5, total: 10 });
    progress.done();
    const text = stream.text();
    assert.match(text, /lance-curator: listing \[[^\]]+\] 0\/10/);
    assert.ok(text.includes('\r') || text.includes('\x1b['), 'the bar is redrawn in place');
  });

  it('shows nothing for a short run, and nothing at all with --json', () => {
    let now = 0;
    for (const settings of [{ json: false, delayMs: 1000 }, { json: true, delayMs: 0 }]) {
      const stream = capture(true);
      const progress = stderrProgress({ ...settings, stream, now: () => now, lineIntervalMs: 0 });
      progress.onProgress({ stage: 'scan', done: 1, total: 2 });
      now += 500;
      progress.onProgress({ stage: 'scan', done: 2, total: 2 });
      progress.done();
      assert.equal(stream.text(), '', JSON.stringify(settings));
    }
  });

  it('formats durations people read at a glance', () => {
    assert.equal(formatDuration(4.4), '4 s');
    assert.equal(formatDuration(185), '3 min 05 s');
    assert.equal(formatDuration(3720), '1 h 02 min');
  });

  describe('the real CLI on the demo store', function () {
    this.timeout(120_000);
    let demo: { dir: string; cleanup: () => void };
    before(async () => {
      demo = makeTempDir();
      assert.equal((await runCli(['demo', '--out-dir', demo.dir])).code, 0);
    });
    after(() => demo.cleanup());

    it('prints plain progress lines to a pipe, and none with --json', async () => {
      const store = path.join(demo.dir, 'demo.lance');
      const env = { LANCE_CURATOR_PROGRESS_DELAY_MS: '0' };
      const plain = await runCli(['export', store, '--out', path.join(demo.dir, 'a.jsonl')], { env });
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stderr, /^lance-curator: reading records/m);
      const json = await runCli(['export', store, '--out', path.join(demo.dir, 'b.jsonl'), '--json'], { env });
      assert.equal(json.code, 0, json.stderr);
      assert.doesNotMatch(json.stderr, /lance-curator: /);
      const preview = await runCli(['preview', store, '--json'], { env });
      assert.equal(preview.code, 0, preview.stderr);
      assert.doesNotMatch(preview.stderr, /lance-curator: /);
    });
  });
});
