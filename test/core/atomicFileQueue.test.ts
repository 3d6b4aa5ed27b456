import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AtomicFile } from '../../src/core/export/atomicFile';
import { useTempDir } from '../helpers/tempDir';

describe('AtomicFile queued writes', () => {
  const tmp = useTempDir();

  it('writes each queued copy where it was queued, though the caller reuses its bytes and the file reuses its buffers', async () => {
    const target = path.join(tmp(), 'out.bin');
    const file = AtomicFile.create(target);
    const source = Buffer.alloc(3 << 20);
    const expected: Buffer[] = [];
    // More writes than the file keeps spare buffers, of varying sizes (one larger than its buffers), drained to a few in flight.
    const sizes = [1, 3 << 20, 17, 1 << 20, 5 << 20, 2, 4 << 20, 333, 65537, 1 << 22, 7, 9, 1 << 21, 12345, 1];
    for (const [k, size] of sizes.entries()) {
      const bytes = size > source.length ? Buffer.alloc(size) : source.subarray(0, size);
      bytes.fill(k + 1);
      bytes[0] = 0xf0 ^ k;
      file.enqueueCopy(bytes);
      expected.push(Buffer.from(bytes));
      // The caller overwrites its bytes at once: the queued write must not see it.
      bytes.fill(0xee);
      if (k % 3 === 2) await file.drain(1);
    }
    file.write('tail\n');
    await file.commit();
    assert.ok(fs.readFileSync(target).equals(Buffer.concat([...expected, Buffer.from('tail\n')])));
  });

  it('leaves nothing when aborted with writes queued', async () => {
    const target = path.join(tmp(), 'gone.bin');
    const file = AtomicFile.create(target);
    for (let k = 0; k < 12; k++) file.enqueueCopy(Buffer.alloc(1 << 20, k));
    await file.abort();
    assert.deepEqual(fs.readdirSync(tmp()), []);
  });
});
