import { Command } from 'commander';
import { CurationSession, exportTraining, toRustJson, manifestToJson } from '../../core';
import { addOptionFlags, optionsOfFlags } from '../optionFlags';
import { addStoreFlags, openOptionsOf, StoreFlags } from '../storeFlags';
import { stderrProgress } from '../progress';
import { CliContext } from '../cliContext';

export function exportCommand(context: CliContext): Command {
  return addOptionFlags(addStoreFlags(
    new Command('export')
      .description('curate a store and write training JSONL with .manifest.json (and .stats.json)')
      .argument('<store>', 'the store: a .lance dataset directory or s3:// gs:// az:// URI')
      .requiredOption('--out <file.jsonl>', 'output JSONL path (a split writes <name>.train.jsonl and <name>.eval.jsonl)'),
  ))
    .option('--json', 'print the manifests as JSON on stdout')
    .action(async (store: string, flags: StoreFlags & { out: string; json?: boolean } & Record<string, unknown>) => {
      const session = await CurationSession.open(store, openOptionsOf(flags));
      const progress = stderrProgress(!flags.json || !process.stdout.isTTY);
      try {
        const result = await exportTraining(session, optionsOfFlags(flags), flags.out, {
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
          if (output.provenancePath) context.stdout(`  provenance ${output.provenancePath}`);
          if (output.excludedExamples.length > 0) {
            const first = output.excludedExamples[0];
            context.stdout(`  dropped ${output.excludedExamples.length} examples in the format stage (first: group ${first.group}: ${first.reason}); preview --json lists them`);
          }
        }
        for (const warning of result.warnings) context.stderr(`warning: ${warning}`);
      } finally {
        await session.close();
      }
    });
}
