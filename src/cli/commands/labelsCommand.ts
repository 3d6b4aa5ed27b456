import * as fs from 'node:fs';
import { Command } from 'commander';
import { appendLabelEvents, CuratorError, formatLabelsReport, parseLabelEventsJsonl, readLabelEvents, reportLabels, toRustJson } from '../../core';
import { integerText } from '../optionFlags';
import { addStoreFlags, openOptionsOf, StoreFlags } from '../storeFlags';
import { CliContext } from '../cliContext';

/** `labels append` and `labels show`: review decisions as data, for scripts, judges and teams. */
export function labelsCommand(context: CliContext): Command {
  const labels = new Command('labels').description('append review decisions to a labels dataset, or report on one (docs/labels.md)');
  labels.addCommand(
    addStoreFlags(
      new Command('append')
        .description('validate events (JSON lines) and append them all in one commit; creates the dataset when missing')
        .argument('<labels>', 'the labels dataset (e.g. ctx.review/labels.lance) or URI'),
    )
      .requiredOption('--events <file.jsonl>', 'one event per line: the dataset columns, created_at in RFC 3339')
      .option('--json', 'print the result as JSON')
      .action(async (location: string, flags: StoreFlags & { events: string; json?: boolean }) => {
        const events = parseLabelEventsJsonl(readText(flags.events), flags.events);
        const result = await appendLabelEvents(location, events, { storageOptions: openOptionsOf(flags, context).storageOptions, cwd: context.cwd, signal: context.signal });
        if (flags.json) context.stdout(toRustJson(result, true));
        else context.stdout(`${result.created ? 'created' : 'appended to'} ${result.uri}: ${result.events} events, now version ${result.version}`);
      })
      .exitOverride(),
  );
  labels.addCommand(
    addStoreFlags(new Command('show').description('the effective decisions, counts, agreement, position bias and time per item').argument('<labels>', 'the labels dataset or URI'))
      .option('--at-version <n>', 'read this version of the labels dataset (time travel; default: latest)', integerText)
      .option('--json', 'print JSON')
      .action(async (location: string, flags: StoreFlags & { json?: boolean; atVersion?: number }) => {
        const snapshot = await readLabelEvents(location, {
          storageOptions: openOptionsOf(flags, context).storageOptions,
          cwd: context.cwd,
          signal: context.signal,
          version: flags.atVersion,
        });
        const report = reportLabels(snapshot);
        context.stdout(flags.json ? toRustJson(report, true) : formatLabelsReport(report));
      })
      .exitOverride(),
  );
  return labels;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CuratorError('input', `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { file, cause });
  }
}
