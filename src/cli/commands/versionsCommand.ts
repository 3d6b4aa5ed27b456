import { Command } from 'commander';
import { ContextStore, formatMicros, toRustJson } from '../../core';
import { addStoreFlags, openOptionsOf } from '../storeFlags';
import { CliContext } from '../cliContext';

export function versionsCommand(context: CliContext): Command {
  return addStoreFlags(
    new Command('versions').description("list a store's dataset versions").argument('<store>', 'the store directory or URI'),
  )
    .option('--json', 'print JSON')
    .action(async (location: string, flags: { json?: boolean; storageOption?: Record<string, string>; allowUnmergedWal?: boolean }) => {
      const store = await ContextStore.open(location, { ...openOptionsOf(flags), allowUnmergedWal: true });
      try {
        const versions = await store.listVersions();
        const latest = versions.length > 0 ? versions[versions.length - 1].version : undefined;
        if (flags.json) {
          context.stdout(
            toRustJson(
              versions.map((v) => ({ version: v.version, timestamp: formatMicros(v.timestamp * 1000), latest: v.version === latest })),
              true,
            ),
          );
          return;
        }
        for (const v of [...versions].reverse()) {
          context.stdout(`${String(v.version).padStart(6)}  ${formatMicros(v.timestamp * 1000)}${v.version === latest ? '  (latest)' : ''}`);
        }
      } finally {
        store.close();
      }
    });
}
