import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_STORE_OPTIONS, SyntheticStoreOptions } from './synthetic/syntheticStore';

export type WorkloadName = 'export' | 'format' | 'dedup' | 'dedup-large' | 'dedup-panel' | 'recount' | 'first-plan' | 'memwal' | 'text' | 'labels' | 'scale';
export const WORKLOADS: WorkloadName[] = ['export', 'format', 'dedup', 'dedup-large', 'dedup-panel', 'recount', 'first-plan', 'memwal', 'text', 'labels', 'scale'];
/** Workloads a plain `npm run bench` runs; `scale` (10M records, minutes) runs only when named in --only. */
export const DEFAULT_WORKLOADS: WorkloadName[] = WORKLOADS.filter((name) => name !== 'scale');

/** Settings of one `npm run bench` run, from its flags. */
export interface BenchFlags {
  workloads: WorkloadName[];
  /** Records of the export workload's store. */
  exportRecords: number;
  /** Records of the trainer-format workload (trl + o200k_base counting vs native). */
  formatRecords: number;
  /** Records of the dedup workload (numpy measured at this size). */
  dedupRecords: number;
  /** Records of the large dedup workload (numpy extrapolated to it). */
  dedupLargeRecords: number;
  /** The two sizes the numpy peer is measured at for the n² extrapolation. */
  peerSizes: [number, number];
  recountRecords: number;
  /** The panel's dedup slider (issue 21): store size and embedding dimension (the bench generator's less clustered 64-d store). */
  dedupPanel: { records: number; dim: number };
  /** The first preview plan's store size (64-d). */
  firstPlanRecords: number;
  /** The MemWAL workload: records, dimension, fraction of records in the log, generations. */
  memwal: { records: number; dim: number; walFraction: number; generations: number };
  /** Records of the MinHash text dedup workload (bench/text, its own seeded corpus). */
  textRecords: number;
  /** The scale workload: store sizes, their embedding dimension, and where its chart (SVG) goes. */
  scale: { sizes: number[]; dim: number; chart?: string };
  /** The labels workload: records of the store, and review events applied to its export. */
  labels: { records: number; events: number };
  dim: number;
  threshold: number;
  store: Omit<SyntheticStoreOptions, 'records' | 'dim'>;
  /** For generateStore.ts: the store sizes to generate. */
  sizes: number[];
  cacheDir: string;
  out: string;
  python: string;
}

const USAGE = `npm run bench -- [flags]
  --only export,format,dedup,dedup-large,dedup-panel,recount,first-plan,memwal,text,labels,scale
                            workloads to run (default: all but scale)
  --export-records N        export workload size (default 1000000)
  --format-records N        trl + o200k_base vs native export size (default 1000000)
  --dedup-records N         dedup workload size (default 100000)
  --dedup-large-records N   large dedup size (default 1000000)
  --peer-sizes A,B          sizes the numpy peer is measured at for the large extrapolation (default 100000,200000)
  --recount-records N       preview recount size (default 100000)
  --panel-records N         dedup-panel: turn dedup on, then threshold 0.2, in a preview session (default 100000)
  --panel-dim N             dedup-panel: embedding dimension of its store (default 64)
  --first-plan-records N    first preview plan size, 64-d (default 1000000)
  --memwal-records N        MemWAL workload size (default 1000000)
  --memwal-dim N            MemWAL workload embedding dimension (default 64)
  --wal-fraction F          MemWAL workload: fraction of records in the log, half new, half rewrites (default 0.1)
  --generations N           MemWAL workload: flushed generations holding them (default 20)
  --text-records N          MinHash text dedup size (default 100000)
  --scale-sizes N[,N...]    scale workload store sizes (default 1000000,3000000,10000000)
  --scale-dim N             scale workload embedding dimension (default 64)
  --scale-chart FILE        scale workload: write its time and RSS curves as SVG (default docs/images/scale.svg)
  --labels-records N        export with --labels vs without: store size (default 1000000)
  --labels-events N         export with --labels: review events applied (default 100000)
  --dim N                   embedding dimension (default 384)
  --threshold X             dedup threshold (default 0.05)
  --topics N                topics of the synthetic store (default 1000)
  --duplicates F            planted near-duplicate fraction (default 0.1)
  --seed N                  generator seed (default 1)
  --chunk N                 records per written version (default 50000)
  --cache-dir DIR           where stores are cached (default $XDG_CACHE_HOME or ~/.cache, /lance-curator-bench)
  --out FILE                JSON results (default bench/results/latest.json)
  --python CMD              python with numpy for the peer (default python3)
  --records N[,N...]        (generateStore.ts) sizes to generate`;

/** Parses bench flags; exits with the usage text on `--help` or an unknown flag. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const flags: BenchFlags = {
    workloads: [...DEFAULT_WORKLOADS],
    exportRecords: 1_000_000,
    formatRecords: 1_000_000,
    dedupRecords: 100_000,
    dedupLargeRecords: 1_000_000,
    peerSizes: [100_000, 200_000],
    recountRecords: 100_000,
    dedupPanel: { records: 100_000, dim: 64 },
    firstPlanRecords: 1_000_000,
    memwal: { records: 1_000_000, dim: 64, walFraction: 0.1, generations: 20 },
    textRecords: 100_000,
    scale: { sizes: [1_000_000, 3_000_000, 10_000_000], dim: 64, chart: path.resolve(__dirname, '../docs/images/scale.svg') },
    labels: { records: 1_000_000, events: 100_000 },
    dim: 384,
    threshold: 0.05,
    store: { ...DEFAULT_STORE_OPTIONS },
    sizes: [100_000],
    // Not the temp folder: /tmp is often held in memory (tmpfs), and the 10M store takes 5 GB.
    cacheDir: path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'lance-curator-bench'),
    out: path.resolve(__dirname, 'results/latest.json'),
    python: 'python3',
  };
  const int = (value: string, name: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) fail(`${name}: expected a positive integer, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) fail(`${flag}: missing value`);
    switch (flag) {
      case '--only':
        flags.workloads = value.split(',').map((name) => {
          if (!WORKLOADS.includes(name as WorkloadName)) fail(`--only: unknown workload ${name} (${WORKLOADS.join(', ')})`);
          return name as WorkloadName;
        });
        break;
      case '--export-records':
        flags.exportRecords = int(value, flag);
        break;
      case '--format-records':
        flags.formatRecords = int(value, flag);
        break;
      case '--dedup-records':
        flags.dedupRecords = int(value, flag);
        break;
      case '--dedup-large-records':
        flags.dedupLargeRecords = int(value, flag);
        break;
      case '--peer-sizes': {
        const [a, b] = value.split(',').map((v) => int(v, flag));
        if (!b || a >= b) fail('--peer-sizes: expected two increasing sizes, e.g. 100000,200000');
        flags.peerSizes = [a, b];
        break;
      }
      case '--recount-records':
        flags.recountRecords = int(value, flag);
        break;
      case '--panel-records':
        flags.dedupPanel.records = int(value, flag);
        break;
      case '--panel-dim':
        flags.dedupPanel.dim = int(value, flag);
        break;
      case '--first-plan-records':
        flags.firstPlanRecords = int(value, flag);
        break;
      case '--memwal-records':
        flags.memwal.records = int(value, flag);
        break;
      case '--memwal-dim':
        flags.memwal.dim = int(value, flag);
        break;
      case '--wal-fraction':
        flags.memwal.walFraction = Number(value);
        if (!(flags.memwal.walFraction > 0 && flags.memwal.walFraction <= 1)) fail('--wal-fraction: expected a number in (0, 1]');
        break;
      case '--generations':
        flags.memwal.generations = int(value, flag);
        break;
      case '--text-records':
        flags.textRecords = int(value, flag);
        break;
      case '--scale-sizes':
        flags.scale.sizes = value.split(',').map((v) => int(v, flag));
        break;
      case '--scale-dim':
        flags.scale.dim = int(value, flag);
        break;
      case '--scale-chart':
        flags.scale.chart = path.resolve(value);
        break;
      case '--labels-records':
        flags.labels.records = int(value, flag);
        break;
      case '--labels-events':
        flags.labels.events = int(value, flag);
        break;
      case '--dim':
        flags.dim = int(value, flag);
        break;
      case '--threshold':
        flags.threshold = Number(value);
        if (!(flags.threshold >= 0 && flags.threshold <= 2)) fail('--threshold: expected a number in [0, 2]');
        break;
      case '--topics':
        flags.store.topics = int(value, flag);
        break;
      case '--duplicates':
        flags.store.duplicateFraction = Number(value);
        break;
      case '--seed':
        flags.store.seed = int(value, flag);
        break;
      case '--chunk':
        flags.store.chunk = int(value, flag);
        break;
      case '--cache-dir':
        flags.cacheDir = path.resolve(value);
        break;
      case '--out':
        flags.out = path.resolve(value);
        break;
      case '--python':
        flags.python = value;
        break;
      case '--records':
        flags.sizes = value.split(',').map((v) => int(v, flag));
        break;
      default:
        fail(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return flags;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
