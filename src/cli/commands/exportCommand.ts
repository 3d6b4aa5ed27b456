import { Command } from 'commander';
import { CurationSession, describeWalStatus, exportTraining, toRustJson, manifestToJson } from '../../core';
import { addCurationFlags, CurationFlags, exportOptionsOf, openOptionsOf } from '../curationFlags';
import { stderrProgress } from '../progress';
import { CliContext } from '../cliContext';

export function exportCommand(context: CliContext): Command {
  return addCurationFlags(
    new Command('export')
      .description('curate a store and write training JSONL with .manifest.json (and .stats.json)')
      .argument('<store>', 'the store: a .lance dataset directory or s3:// gs:// az:// URI')
      .requiredOption('--out <file.jsonl>', 'output JSONL path (a split writes <name>.train.jsonl and <name>.eval.jsonl)'),
  )
    .option('--stats', 'also write <out>.stats.json')
    .option('--json', 'print the manifests as JSON on stdout')
    .action(async (store: string, flags: CurationFlags & { out: string; stats?: boolean; json?: boolean }) => {
      const session = await CurationSession.open(store, openOptionsOf(flags, context));
      const progress = stderrProgress(!flags.json || !process.stdout.isTTY);
      try {
        const result = await exportTraining(session, { ...exportOptionsOf(flags), stats: flags.stats }, flags.out, {
          signal: context.signal,
          onProgress: progress.onProgress,
        });
        progress.done();
        if (flags.json) {
          for (const warning of result.warnings) context.stderr(`warning: ${warning}`);
          context.stdout(toRustJson(result.outputs.map((output) => manifestToJson(output.manifest)), true));
          return;
        }
        for (const output of result.outputs) {
          const counts = output.manifest.counts;
          context.stdout(
            `${output.side === 'all' ? 'wrote' : `wrote ${output.side}`} ${counts.examples} examples to ${output.path}` +
              ` (${counts.input_records} records in, ${counts.after_decontaminate} after curation)`,
          );
          context.stdout(`  manifest ${output.manifestPath}${output.statsPath ? `\n  stats    ${output.statsPath}` : ''}`);
        }
        context.stdout(`  read     ${describeWalStatus(result.wal)}`);
        for (const warning of result.warnings) context.stderr(`warning: ${warning}`);
      } finally {
        await session.close();
      }
    });
}
