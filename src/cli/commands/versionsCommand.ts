import { Command } from 'commander';
import { ContextStore, describeWalStatus, formatMicros, readWalStatus, toRustJson } from '../../core';
import { addStoreFlags, openOptionsOf } from '../storeFlags';
import { CliContext } from '../cliContext';

export function versionsCommand(context: CliContext): Command {
  return addStoreFlags(
    new Command('versions').description("list a store's dataset versions and what its write-ahead log adds to the latest").argument('<store>', 'the store directory or URI'),
  )
    .option('--json', 'print JSON')
    .action(async (location: string, flags: { json?: boolean; storageOption?: Record<string, string>; allowUnmergedWal?: boolean }) => {
      const store = await ContextStore.open(location, openOptionsOf(flags, context));
      try {
        const versions = await store.listVersions();
        const latest = versions.length > 0 ? versions[versions.length - 1].version : undefined;
        const wal = await readWalStatus(store, { signal: context.signal });
        if (flags.json) {
          context.stdout(
            toRustJson(
              versions.map((v) => ({
                version: v.version,
                timestamp: formatMicros(v.timestamp * 1000),
                latest: v.version === latest,
                // Generations are not versioned: they sit on top of the latest base version only.
                wal_records: v.version === latest && wal.memWal ? wal.walRecords : undefined,
              })),
              true,
            ),
          );
          return;
        }
        for (const v of [...versions].reverse()) {
          const note = v.version === latest ? `  (latest${wal.memWal ? `; read: ${describeWalStatus(wal)}` : ''})` : '';
          context.stdout(`${String(v.version).padStart(6)}  ${formatMicros(v.timestamp * 1000)}${note}`);
        }
      } finally {
        store.close();
      }
    });
}
