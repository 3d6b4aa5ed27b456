import * as fs from 'node:fs';
import * as path from 'node:path';

/** A flushed MemWAL generation whose files cannot be read whole. */
export interface DamagedGeneration {
  /** `<shard uuid>/<random>_gen_<i>`, as lancedb's errors name a generation. */
  generation: string;
  /** The damaged file, relative to the generation directory. */
  file: string;
  /** What is wrong with it, e.g. "truncated: 10 bytes, no Lance footer". */
  problem: string;
}

/** Every Lance file (data, manifest, index page) ends with this magic. */
const LANCE_MAGIC = Buffer.from('LANC', 'latin1');

/**
 * Looks through the flushed generations of a local store for a file that
 * cannot be read whole: a Lance data or manifest file without its footer
 * (truncated, or emptied), or a generation without a manifest. Used when an
 * LSM scan fails with an error that names no generation (lancedb's "failed to
 * fill whole buffer"), so the user learns which generation of which shard is
 * damaged. Undefined when every generation looks whole.
 */
export function findDamagedGeneration(datasetDir: string): DamagedGeneration | undefined {
  const walDir = path.join(datasetDir, '_mem_wal');
  for (const shard of directories(walDir)) {
    for (const name of directories(path.join(walDir, shard)).filter((entry) => /_gen_\d+$/.test(entry))) {
      const dir = path.join(walDir, shard, name);
      const problem = damageOf(dir);
      if (problem) return { generation: `${shard}/${name}`, ...problem };
    }
  }
  return undefined;
}

function damageOf(dir: string): { file: string; problem: string } | undefined {
  const manifests = files(path.join(dir, '_versions')).filter((file) => file.endsWith('.manifest'));
  if (manifests.length === 0) return { file: '_versions', problem: 'no manifest' };
  for (const file of [...manifests.map((name) => path.join('_versions', name)), ...files(path.join(dir, 'data')).filter((name) => name.endsWith('.lance')).map((name) => path.join('data', name))]) {
    const problem = footerProblem(path.join(dir, file));
    if (problem) return { file, problem };
  }
  return undefined;
}

/** Why a Lance file has no footer, or undefined when its last bytes are the magic. */
function footerProblem(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (cause) {
    return `unreadable (${(cause as NodeJS.ErrnoException).code ?? cause})`;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(LANCE_MAGIC.length);
    if (size < tail.length) return `truncated: ${size} bytes, no Lance footer`;
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.equals(LANCE_MAGIC) ? undefined : `truncated or damaged: ${size} bytes, no Lance footer`;
  } finally {
    fs.closeSync(fd);
  }
}

function directories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function files(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
