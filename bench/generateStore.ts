/**
 * Generates (or finds cached) a synthetic context store and prints its path:
 *   npx tsx bench/generateStore.ts --records 100000 --dim 384
 */
import { parseBenchFlags } from './benchFlags';
import { ensureSyntheticStore } from './synthetic/syntheticStore';

async function main(): Promise<void> {
  const flags = parseBenchFlags(process.argv.slice(2));
  for (const records of flags.sizes) {
    const store = await ensureSyntheticStore({ ...flags.store, records, dim: flags.dim }, (m) => process.stderr.write(`${m}\n`), flags.cacheDir);
    process.stdout.write(`${store}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
