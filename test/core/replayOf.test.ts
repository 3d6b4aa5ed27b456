import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replayOf } from '../../src/core/export/replayOf';
import { buildRunRecord, inputStates, RunRecord } from '../../src/core/export/runRecord';
import { ExportOptions } from '../../src/core/options/exportOptions';
import { useTempDir } from '../helpers/tempDir';

describe('replayOf', () => {
  const tmp = useTempDir();

  /** A run record on disk, as an export writes it. */
  function recorded(options: ExportOptions, store: Partial<RunRecord['store']> = {}, extra: Partial<RunRecord> = {}): string {
    const file = path.join(tmp(), 'out.jsonl.run.json');
    const record = buildRunRecord({
      store: { uri: path.join(tmp(), 'ctx.lance'), version: 7, ...store },
      out: path.join(tmp(), 'out.jsonl'),
      options,
      inputs: inputStates(options),
      outputs: [path.join(tmp(), 'out.jsonl')],
      ...extra,
    });
    fs.writeFileSync(file, JSON.stringify(record));
    return file;
  }

  it('reads the recorded store, output and options at the recorded base version', () => {
    const outcome = replayOf(recorded({ task: 'sft', minReward: 0.5 }, {}, { leakage_moved: ['s1'] }), {});
    assert.ok('replay' in outcome);
    const { replay } = outcome;
    assert.equal(replay.store, path.join(tmp(), 'ctx.lance'));
    assert.equal(replay.out, path.join(tmp(), 'out.jsonl'));
    assert.deepEqual(replay.options, { task: 'sft', minReward: 0.5, version: 7 });
    assert.deepEqual(replay.recordedMoves, ['s1']);
    assert.deepEqual([replay.notes, replay.warnings], [[], []]);
  });

  it('writes where it is told, and keeps a version the run pinned itself', () => {
    const outcome = replayOf(recorded({ task: 'sft', version: 3 }), { out: path.join(tmp(), 'again.jsonl') });
    assert.ok('replay' in outcome);
    assert.equal(outcome.replay.out, path.join(tmp(), 'again.jsonl'));
    assert.equal(outcome.replay.options.version, 3);
  });

  it('reads the latest state again when the run read write-ahead-log records, and says so', () => {
    const outcome = replayOf(recorded({ task: 'sft' }, { wal_records: 4 }), {});
    assert.ok('replay' in outcome);
    assert.equal(outcome.replay.options.version, undefined);
    assert.deepEqual(outcome.replay.notes, ['the recorded run also read 4 write-ahead-log records, which are not versioned; the latest are read again']);
  });

  it('warns about an input that changed since the run', () => {
    const holdout = path.join(tmp(), 'holdout.jsonl');
    fs.writeFileSync(holdout, '{"id":"h1","embedding":[1,0]}\n');
    const file = recorded({ task: 'sft', holdout });
    fs.writeFileSync(holdout, '{"id":"h2","embedding":[0,1]}\n');
    const outcome = replayOf(file, {});
    assert.ok('replay' in outcome);
    assert.equal(outcome.replay.warnings.length, 1);
    assert.match(outcome.replay.warnings[0], /^the holdout input .*holdout\.jsonl changed since the run/);
  });

  it('takes no options besides the record, before reading it', () => {
    assert.deepEqual(replayOf(path.join(tmp(), 'missing.run.json'), { options: { minReward: 0.9, task: 'sft' } }), {
      conflict: { kind: 'options', file: path.join(tmp(), 'missing.run.json'), options: ['minReward', 'task'] },
    });
  });

  it('refuses another store than the recorded one', () => {
    const file = recorded({ task: 'sft' });
    assert.deepEqual(replayOf(file, { store: 'other.lance' }), {
      conflict: { kind: 'store', file, recorded: path.join(tmp(), 'ctx.lance'), given: 'other.lance' },
    });
  });
});
