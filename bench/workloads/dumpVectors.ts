/** Writes the store's embeddings (storage order, zeros for missing) as raw little-endian f32, for the numpy peer. */
import * as fs from 'node:fs';
import { ContextStore } from '../../src/core';
import { columnData, isValid } from '../../src/core/store/arrowColumns';
import { report } from '../childRun';

async function main(): Promise<void> {
  const [store, out] = process.argv.slice(2);
  const started = performance.now();
  const opened = await ContextStore.open(store);
  const dim = opened.info.embeddingDim ?? 0;
  const fd = fs.openSync(`${out}.partial`, 'w');
  let rows = 0;
  for await (const batch of opened.scan(['embedding'])) {
    const data = columnData(batch, 'embedding')!;
    const child = data.children[0];
    const block = new Float32Array(batch.numRows * dim);
    for (let i = 0; i < batch.numRows; i++) {
      if (!isValid(data, i)) continue;
      const start = child.offset + (data.offset + i) * dim;
      block.set((child.values as Float32Array).subarray(start, start + dim), i * dim);
    }
    fs.writeSync(fd, Buffer.from(block.buffer));
    rows += batch.numRows;
  }
  fs.closeSync(fd);
  fs.renameSync(`${out}.partial`, out);
  opened.close();
  report((performance.now() - started) / 1000, { rows, dim });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
