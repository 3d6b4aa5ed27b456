import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpillFile } from '../../../src/core/spill/spillFile';
import { useTempDir } from '../../helpers/tempDir';

describe('spill file writes on the thread pool', () => {
  const tmp = useTempDir();

  it('reads back what was appended at once, though the write is still queued and the caller reused its bytes', async () => {
    const file = new SpillFile(path.join(tmp(), 'a.bin'));
    const scratch = Buffer.alloc(1 << 20);
    const expected: Buffer[] = [];
    const offsets: number[] = [];
    // Past the queue's bound too (some appends are written at once), sizes of every kind.
    for (let k = 0; k < 60; k++) {
      const bytes = scratch.subarray(0, 1 + ((k * 7919) % scratch.length));
      bytes.fill(k);
      bytes[0] = 255 - k;
      offsets.push(file.append(bytes));
      expected.push(Buffer.from(bytes));
      scratch.fill(0xee); // reused at once
      // Read the newest and an older one straight away.
      assert.ok(file.read(offsets[k], expected[k].length).equals(expected[k]), `append ${k}`);
      const older = k >> 1;
      assert.ok(file.read(offsets[older], expected[older].length).equals(expected[older]), `append ${older} after ${k}`);
    }
    await file.settle();
    assert.ok(fs.readFileSync(path.join(tmp(), 'a.bin')).equals(Buffer.concat(expected)));
    file.close();
  });

  it('closes only once its queued writes have landed, and refuses use after close', async () => {
    const target = path.join(tmp(), 'b.bin');
    const file = new SpillFile(target);
    for (let k = 0; k < 8; k++) file.append(Buffer.alloc(1 << 20, k));
    file.close();
    assert.throws(() => file.append(Buffer.from('x')), /used after its run ended/);
    await file.settle();
    const bytes = fs.readFileSync(target);
    assert.equal(bytes.length, 8 << 20);
    for (let k = 0; k < 8; k++) assert.equal(bytes[k << 20], k);
  });
});
