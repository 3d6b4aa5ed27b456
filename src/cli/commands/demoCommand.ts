import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { buildDemoStore, curatedCount, CurationSession, describeWalStatus, displayPath, exportTraining, ExportOptions, readWalStatus } from '../../core';
import { CliContext } from '../cliContext';

/** The exports `demo` writes: every task and form, plus a fully curated, split SFT set. */
export function demoExports(holdout: string): { file: string; options: ExportOptions }[] {
  return [
    { file: 'sft.jsonl', options: { task: 'sft' } },
    { file: 'preference-paired.jsonl', options: { task: 'preference', form: 'paired' } },
    { file: 'preference-unpaired.jsonl', options: { task: 'preference', form: 'unpaired', minReward: 0.5 } },
    { file: 'preference-ranked.jsonl', options: { task: 'preference', form: 'ranked' } },
    { file: 'rollout.jsonl', options: { task: 'rollout' } },
    {
      file: 'sft-curated.jsonl',
      options: { task: 'sft', minReward: 0.5, dedupThreshold: 0.02, holdout, decontaminateThreshold: 0.01, splitEval: 0.2, splitSeed: '7' },
    },
  ];
}

export function demoCommand(context: CliContext): Command {
  return new Command('demo')
    .description('build the demo store (<dir>/demo.lance) and export every task with stats into <dir>/out/')
    .option('--out-dir <dir>', 'where to build the demo', 'demo')
    .action(async (flags: { outDir: string }) => {
      const dir = path.resolve(context.cwd, flags.outDir);
      const demo = await buildDemoStore(dir);
      context.stdout(
        `built ${demo.store}: ${demo.records} records in ${demo.versions} batches, the last ${demo.walBatches} through the write-ahead log`,
      );
      const outDir = path.join(dir, 'out');
      fs.mkdirSync(outDir, { recursive: true });
      const session = await CurationSession.open(demo.store, { cachePayloads: true });
      try {
        context.stdout(`  read ${describeWalStatus(await readWalStatus(session.store))}`);
        for (const { file, options } of demoExports(demo.holdout)) {
          const result = await exportTraining(session, { ...options, stats: true }, path.join(outDir, file), { signal: context.signal });
          for (const output of result.outputs) {
            const counts = output.manifest.counts;
            context.stdout(
              `  ${displayPath(output.path, context.cwd).padEnd(44)} ${String(counts.examples).padStart(4)} examples` +
                `  (${counts.input_records} listed → ${curatedCount(counts)} curated)`,
            );
          }
        }
      } finally {
        await session.close();
      }
      context.stdout(`\nnext: lance-curator preview ${displayPath(demo.store, context.cwd)} --dedup-threshold 0.02`);
    });
}
