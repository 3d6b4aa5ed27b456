import { Command } from 'commander';
import { curatedCount, CurationSession, describeWalStatus, leakagePath, exportTraining, ExportOptions, writeManifestsJson } from '../../core';
import { ReplayConflict, replayOf } from '../../core/export/replayOf';
import { usageError } from '../../core/errors';
import { CliContext } from '../cliContext';
import { addOptionFlags, flagName, optionsOfFlags } from '../optionFlags';
import { stderrProgress } from '../progress';
import { addBudgetFlags, addStoreFlags, sessionOptionsOf, StoreFlags } from '../storeFlags';

type ExportFlags = StoreFlags & { out?: string; json?: boolean; replay?: string; replaceStale?: boolean } & Record<string, unknown>;

export function exportCommand(context: CliContext): Command {
  return addOptionFlags(
    addBudgetFlags(addStoreFlags(
      new Command('export')
        .description('curate a store and write training JSONL with .manifest.json, .run.json (and .stats.json)')
        .argument('[store]', 'the store: a .lance dataset directory or s3:// gs:// az:// URI')
        .option('--out <file.jsonl>', 'output JSONL path (a split writes <name>.train.jsonl and <name>.eval.jsonl)'),
    )),
  )
    .option('--replay <out.run.json>', 'run a recorded export again: its store, options and output (--out to write elsewhere)')
    .option('--json', 'print the manifests as JSON on stdout')
    .option('--replace-stale', 'remove the files an earlier, different export to the same --out left that this one does not write (a leakage report, .train/.eval files)')
    .action(async (storeArg: string | undefined, flags: ExportFlags, command: Command) => {
      const given = optionsOfFlags(flags);
      let store = storeArg;
      let out = flags.out;
      let options: ExportOptions = given;
      let recordedMoves: string[] | undefined;
      if (flags.replay) {
        const outcome = replayOf(flags.replay, { store, out, options: given });
        if ('conflict' in outcome) throw usageError(conflictMessage(outcome.conflict));
        const { replay } = outcome;
        store = replay.store;
        out = replay.out;
        options = replay.options;
        recordedMoves = replay.recordedMoves;
        for (const note of replay.notes) context.stderr(`note: replay: ${note}`);
        for (const warning of replay.warnings) context.stderr(`warning: replay: ${warning}`);
      }
      if (!store) command.error("error: missing required argument 'store'", { exitCode: 2, code: 'commander.missingArgument' });
      if (!out) command.error("error: required option '--out <file.jsonl>' not specified", { exitCode: 2, code: 'commander.missingMandatoryOptionValue' });
      const session = await CurationSession.open(store!, sessionOptionsOf(flags, context));
      const progress = stderrProgress({ json: !!flags.json });
      try {
        const result = await exportTraining(session, options, out!, {
          signal: context.signal,
          onProgress: progress.onProgress,
          recordedMoves,
          replaceStale: !!flags.replaceStale,
        });
        progress.done();
        reportReplaced(context, result, !!flags.json);
        if (flags.json) {
          for (const warning of result.warnings) context.stderr(`warning: ${warning}`);
          // In lines as they are written: the manifests list every record, too many to join into one string.
          inLines(context.stdout, (write) => writeManifestsJson(result.outputs.map((output) => output.manifest), write));
          return;
        }
        for (const output of result.outputs) {
          const counts = output.manifest.counts;
          context.stdout(
            `${output.side === 'all' ? 'wrote' : `wrote ${output.side}`} ${counts.examples} examples to ${output.path}` +
              ` (${counts.input_records} records in, ${curatedCount(counts)} after curation)`,
          );
          context.stdout(`  manifest ${output.manifestPath}${output.statsPath ? `\n  stats    ${output.statsPath}` : ''}`);
          if (output.provenancePath) context.stdout(`  provenance ${output.provenancePath}`);
          if (output.excludedExamples.length > 0) {
            const first = output.excludedExamples[0];
            context.stdout(`  dropped ${output.excludedExamples.length} examples in the format stage (first: group ${first.group}: ${first.reason}); preview --json lists them`);
          }
        }
        context.stdout(`  read     ${describeWalStatus(result.wal)}`);
        if (result.leakage) {
          const { pairs, moved, remaining, mode } = result.leakage;
          context.stdout(
            `  leakage  ${leakagePath(out!)}  (${pairs.length} train/eval near-duplicate pair${pairs.length === 1 ? '' : 's'}` +
              (mode === 'move' ? `; moved ${moved.length} group${moved.length === 1 ? '' : 's'} to eval, ${remaining.length} pair${remaining.length === 1 ? '' : 's'} still straddle)` : ')'),
          );
        }
        context.stdout(`  run      ${result.runRecordPath}  (lance-curator export --replay ${result.runRecordPath})`);
        for (const warning of result.warnings) context.stderr(`warning: ${warning}`);
      } finally {
        progress.done();
        await session.close();
      }
    });
}

/** A replay's conflict in the CLI's words: its flags. */
function conflictMessage(conflict: ReplayConflict): string {
  if (conflict.kind === 'options') return `--replay takes every option from ${conflict.file}; drop ${conflict.options.map((key) => flagName(key)).join(', ')} or edit the record`;
  return `--replay reads the recorded store ${conflict.recorded}, not ${conflict.given}`;
}

/** Says which files the export replaced and which files of an earlier export it left or removed (on stderr when stdout is --json). */
function reportReplaced(context: CliContext, result: { replaced: string[]; stale: string[]; removedStale: string[] }, json: boolean): void {
  const say = (text: string) => (json ? context.stderr(text) : context.stdout(text));
  for (const file of result.replaced) say(`replaced ${file}`);
  for (const file of result.removedStale) say(`removed ${file} (left by an earlier export to the same --out)`);
  const kept = result.stale.filter((file) => !result.removedStale.includes(file));
  for (const file of kept) context.stderr(`warning: ${file} is left from an earlier, different export to the same --out and does not describe this one; --replace-stale removes it`);
}

/**
 * Hands `stdout` (which ends each call with a newline) the UTF-8 bytes `emit`
 * writes, whole lines at a time (a newline byte never splits a character).
 */
function inLines(stdout: (text: string) => void, emit: (sink: (bytes: Buffer) => void) => void): void {
  let pending = Buffer.alloc(0);
  emit((bytes) => {
    const cut = bytes.lastIndexOf(0x0a);
    if (cut < 0) {
      pending = Buffer.concat([pending, bytes]);
      return;
    }
    stdout(Buffer.concat([pending, bytes.subarray(0, cut)]).toString('utf8'));
    pending = Buffer.from(bytes.subarray(cut + 1));
  });
  stdout(pending.toString('utf8'));
}
