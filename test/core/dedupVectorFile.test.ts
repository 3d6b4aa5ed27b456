import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationSession, dedupEmbeddings, DedupResult, resolveExportOptions } from '../../src/core';
import { NeighbourGraph } from '../../src/core/curate/neighbourGraph';
import { curate } from '../../src/core/run/curate';
import { spawnSync } from 'node:child_process';
import { DEDUP_MEMORY } from '../../src/core/run/embeddingFile';
import { addRecords, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';
import { clusteredVectors, seeded } from '../helpers/vectors';

function assertSameResult(actual: DedupResult, expected: DedupResult, label: string): void {
  assert.deepEqual(Array.from(actual.kept), Array.from(expected.kept), `${label}: kept set`);
  assert.deepEqual(Array.from(actual.duplicateOf), Array.from(expected.duplicateOf), `${label}: duplicate of`);
  for (let i = 0; i < expected.distance.length; i++) {
    assert.ok(Object.is(actual.distance[i], expected.distance[i]), `${label}: distance of item ${i}`);
  }
}

function pairsOf(graph: NeighbourGraph | undefined, threshold: number): [number, number, number][] {
  const pairs: [number, number, number][] = [];
  graph!.forEachPair(threshold, (item, earlier, distance) => pairs.push([item, earlier, distance]));
  return pairs;
}

describe('embedding dedup from a vector file (the low-memory path)', function () {
  this.timeout(120_000);
  const tmp = useTempDir();

  it('keeps the same items and names the same kept item at the same distance as from memory, with or without workers', async () => {
    const set = clusteredVectors({ n: 2500, dim: 48, seed: 21, duplicates: 0.3, missing: 0.05, topics: 40 });
    // Vectors the kernel cannot bound go through the seed formula against everything: from the file too.
    set.data.fill(0, 0, 48);
    set.data[48 * 7 + 3] = NaN;
    set.data.fill(1e30, 48 * 11, 48 * 12);
    const file = path.join(tmp(), 'vectors.f32');
    fs.writeFileSync(file, Buffer.from(set.data.buffer, set.data.byteOffset, set.data.byteLength));
    // Slots out of order, so the prepare step reads vectors one by one as well as in pieces.
    const shuffled = Int32Array.from(set.slots);
    const random = seeded(5);
    for (let i = 2000; i < shuffled.length - 1; i++) {
      const j = i + Math.floor(random() * (shuffled.length - i));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    for (const slots of [set.slots, shuffled]) {
      for (const options of [{ workers: 0, blockSize: 128 }, { workers: 2, blockSize: 256 }]) {
        for (const threshold of [0.05]) {
          const label = `${slots === shuffled ? 'shuffled' : 'in order'} ${JSON.stringify(options)} t=${threshold}`;
          const fromMemory = await dedupEmbeddings(set, slots, threshold, options);
          const fromFile = await dedupEmbeddings({ file, dim: set.dim }, slots, threshold, options);
          assert.ok(fromMemory.kept.includes(0), `${label}: some items are duplicates`);
          assertSameResult(fromFile, fromMemory, label);
        }
      }
    }
    const memoryGraph = await NeighbourGraph.build(set, set.slots, 0.1);
    const fileGraph = await NeighbourGraph.build({ file, dim: set.dim }, set.slots, 0.1);
    assert.ok(memoryGraph!.edges > 100);
    assert.deepEqual(pairsOf(fileGraph, 0.1), pairsOf(memoryGraph, 0.1));
  });

  it('an export whose vectors exceed the in-memory limit decides the same from a file, and removes the file', async () => {
    const random = seeded(9);
    const records = [];
    for (let i = 0; i < 300; i++) {
      const embedding = Float32Array.from({ length: 4 }, () => random() - 0.5);
      if (i > 10 && random() < 0.3) embedding.set(records[Math.floor(random() * records.length)].embedding!.map((x: number) => x * (1 + 0.01 * random())));
      records.push(rec(`r${i}`, 'user', `text ${i}`, i, { embedding, session_id: `s${i}` }));
    }
    await addRecords(tmp(), records);
    const store = path.join(tmp(), 'ctx.lance');
    const dedupOf = async () => {
      const session = await CurationSession.open(store);
      try {
        const curation = await curate(session, resolveExportOptions({ dedupThreshold: 0.01 }));
        const inMemory = curation.state.hasEmbeddingsFor(curation.stages.dedup.kept);
        return { inMemory, kept: Array.from(curation.stages.dedup.kept), excluded: curation.stages.dedup.excluded.list() };
      } finally {
        await session.close();
      }
    };
    const inMemory = await dedupOf();
    const limit = DEDUP_MEMORY.vectorsInMemoryMax;
    const tempDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`lance-curator-spill-${process.pid}-`));
    DEDUP_MEMORY.vectorsInMemoryMax = 64;
    try {
      const fromFile = await dedupOf();
      assert.ok(inMemory.excluded.length > 20, 'some records are near-duplicates');
      assert.equal(inMemory.inMemory, true);
      assert.equal(fromFile.inMemory, false, 'the vectors were never loaded into memory');
      assert.deepEqual({ ...fromFile, inMemory: true }, inMemory);
      assert.deepEqual(tempDirs(), []);
    } finally {
      DEDUP_MEMORY.vectorsInMemoryMax = limit;
    }
  });

  it('writes the vector file in a spill folder under --temp-dir, after removing folders of killed runs, and leaves none', async () => {
    await addRecords(tmp(), Array.from({ length: 40 }, (_, i) => rec(`r${i}`, 'user', `t${i}`, i, { embedding: Float32Array.from([1, i % 3, 0, 0]), session_id: `s${i}` })));
    const temp = path.join(tmp(), 'temp');
    fs.mkdirSync(temp);
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.mkdirSync(path.join(temp, `lance-curator-spill-${gone}-0a1b`));
    const limit = DEDUP_MEMORY.vectorsInMemoryMax;
    DEDUP_MEMORY.vectorsInMemoryMax = 64;
    const session = await CurationSession.open(path.join(tmp(), 'ctx.lance'), { spill: { tempDir: temp } });
    try {
      const curation = await curate(session, resolveExportOptions({ dedupThreshold: 0.01 }));
      assert.equal(curation.stages.dedup.kept.length, 3);
      assert.equal(curation.state.hasEmbeddingsFor(curation.stages.dedup.kept), false);
      assert.deepEqual(fs.readdirSync(temp), []);
    } finally {
      DEDUP_MEMORY.vectorsInMemoryMax = limit;
      await session.close();
    }
  });
});
