import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CuratorError } from '../../../src/core/errors';
import { formatByteSize, parseByteSize } from '../../../src/core/spill/byteSize';
import { MALLOC_TUNING } from '../../../src/core/spill/mallocTuning';
import { MemoryBudget } from '../../../src/core/spill/memoryBudget';
import { processAlive } from '../../../src/core/spill/ownerPid';
import { spillDirOwner } from '../../../src/core/spill/spillDir';
import { spillWriteError } from '../../../src/core/spill/spillFile';
import { ByteStrings, ByteStringsBuilder } from '../../../src/core/store/byteStrings';
import { useTempDir } from '../../helpers/tempDir';

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  assert.ok(!processAlive(pid), `pid ${pid} should be gone`);
  return pid;
}

describe('memory budget and spill files', () => {
  const tmp = useTempDir();

  it('reads sizes as people write them, and refuses what is not a size by name', () => {
    assert.equal(parseByteSize('512MiB'), 512 * 2 ** 20);
    assert.equal(parseByteSize('2GiB'), 2 * 2 ** 30);
    assert.equal(parseByteSize('1.5 GB'), 1.5e9);
    assert.equal(parseByteSize('4096'), 4096);
    assert.equal(parseByteSize('1kib'), 1024);
    for (const bad of ['', 'lots', '12 parsecs', '-1GiB', '0']) {
      assert.throws(
        () => parseByteSize(bad),
        (error: unknown) => error instanceof CuratorError && error.kind === 'usage' && error.details.option === 'memoryBudget',
        bad,
      );
    }
    assert.equal(formatByteSize(2 ** 30), '1 GiB');
    assert.equal(formatByteSize(1536), '1.5 KiB');
  });

  it('removes the spill folders of killed runs and leaves those of running ones', () => {
    const dead = path.join(tmp(), `lance-curator-spill-${deadPid()}-0badf00d`);
    const alive = path.join(tmp(), `lance-curator-spill-${process.ppid}-0badf00d`);
    const other = path.join(tmp(), 'lance-curator-spill-notes');
    for (const dir of [dead, alive, other]) fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dead, 'texts-0.bin'), 'left behind');
    assert.equal(spillDirOwner(path.basename(dead)) !== undefined, true);
    const budget = new MemoryBudget({ tempDir: tmp() });
    assert.equal(fs.existsSync(dead), false, 'the dead run’s folder goes when the next run starts');
    assert.equal(fs.existsSync(alive), true);
    assert.equal(fs.existsSync(other), true, 'a folder not named by a pid is not ours');
    budget.close();
  });

  it('makes its folder on the first spill and removes it on close', () => {
    const budget = new MemoryBudget({ memoryBudget: 1, tempDir: tmp() });
    assert.equal(budget.spillPath, undefined);
    const file = budget.file('texts');
    file.append(Buffer.from('hello'));
    const dir = budget.spillPath!;
    assert.ok(fs.existsSync(path.join(dir, path.basename(file.path))));
    assert.equal(file.read(1, 3).toString(), 'ell');
    budget.close();
    assert.equal(fs.existsSync(dir), false);
    assert.deepEqual(fs.readdirSync(tmp()), []);
  });

  it('names a missing temporary folder', () => {
    const budget = new MemoryBudget({ memoryBudget: 1, tempDir: path.join(tmp(), 'nowhere') });
    assert.throws(() => budget.file('texts'), /temporary folder .*nowhere does not exist/);
    budget.close();
  });

  it('says a full disk is full, names the file and what to do', () => {
    const error = spillWriteError('/spill/texts-0.bin', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    assert.equal(error.kind, 'output');
    assert.equal(error.details.option, 'tempDir');
    assert.match(error.message, /disk holding the spill folder is full.*\/spill\/texts-0\.bin.*nothing was written/);
  });

  it('reads every row of a spilled column as the in-memory one holds it, across pieces', () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i % 7 === 3 ? null : `${i}:${'ü'.repeat(i % 300)}`));
    const build = (budget?: MemoryBudget) => {
      const parts: ByteStrings[] = [];
      for (let from = 0; from < values.length; from += 1000) {
        const builder = new ByteStringsBuilder(1000, budget && { budget, stem: 'texts' });
        const rows: number[] = [];
        const starts: number[] = [];
        const ends: number[] = [];
        const pieces: Buffer[] = [];
        let at = 0;
        for (let i = 0; i < 1000; i++) {
          const value = values[from + i];
          if (value === null) continue;
          const bytes = Buffer.from(value);
          rows.push(i);
          starts.push(at);
          ends.push((at += bytes.length));
          pieces.push(bytes);
        }
        builder.addBlock(Buffer.concat(pieces), rows, starts, ends, true);
        parts.push(builder.build());
      }
      return ByteStrings.concat(parts);
    };
    const budget = new MemoryBudget({ memoryBudget: 1, tempDir: tmp() });
    const spilled = build(budget);
    const kept = build();
    assert.ok(budget.spilled > 0);
    for (let row = values.length - 1; row >= 0; row -= 1) {
      assert.equal(spilled.text(row), values[row], `row ${row}`);
      assert.equal(kept.text(row), values[row]);
      if (values[row] !== null) assert.equal(spilled.buffer(row)!.toString('utf8', spilled.start(row), spilled.end(row)), values[row]);
      assert.equal(spilled.validUtf8(row), values[row] !== null);
    }
    budget.close();
  });
});

describe('lance read-ahead', () => {
  it('is held to a sixty-fourth of the smallest budget, at least 16 MiB, unless the user set it', () => {
    const key = 'LANCE_DEFAULT_IO_BUFFER_SIZE';
    const saved = process.env[key];
    try {
      delete process.env[key];
      new MemoryBudget({ memoryBudget: 2 ** 32 }).close();
      assert.equal(process.env[key], String(64 * 2 ** 20));
      new MemoryBudget({ memoryBudget: 2 ** 34 }).close();
      assert.equal(process.env[key], String(64 * 2 ** 20), 'a larger budget does not raise it');
      new MemoryBudget({ memoryBudget: 2 ** 31 }).close();
      assert.equal(process.env[key], String(32 * 2 ** 20));
      new MemoryBudget({ memoryBudget: 2 ** 30 }).close();
      assert.equal(process.env[key], String(16 * 2 ** 20), 'the default budget');
      new MemoryBudget({ memoryBudget: 1 }).close();
      assert.equal(process.env[key], String(16 * 2 ** 20), 'never below 16 MiB');
      process.env[key] = '123456789';
      new MemoryBudget({ memoryBudget: 2 ** 30 }).close();
      assert.equal(process.env[key], '123456789', "the user's value stays");
    } finally {
      if (saved === undefined) delete process.env[key];
      else process.env[key] = saved;
    }
  });
});

describe('allocator tuning', () => {
  it('the CLI starts with the same allocator settings the worker and benchmarks get', () => {
    const shebang = fs.readFileSync(path.join(__dirname, '../../../bin/lance-curator'), 'utf8').split('\n')[0];
    const match = /^#!\/usr\/bin\/env -S ((?:\S+=\S+ )+)node$/.exec(shebang);
    assert.ok(match, shebang);
    const assigned = Object.fromEntries(match[1].trim().split(' ').map((pair) => pair.split('=') as [string, string]));
    assert.deepEqual(assigned, MALLOC_TUNING);
  });
});
