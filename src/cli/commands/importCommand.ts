import * as fs from 'node:fs';
import { Command } from 'commander';
import { CuratorError, importRecords, parseRecordsJsonl, toRustJson } from '../../core';
import { integerText } from '../optionFlags';
import { addStoreFlags, openOptionsOf } from '../storeFlags';
import { CliContext } from '../cliContext';

export function importCommand(context: CliContext): Command {
  return addStoreFlags(
    new Command('import')
      .description('create a store or append records to it (one new version per call)')
      .argument('<store>', 'the store directory (created when missing) or URI'),
  )
    .requiredOption('--records <file.jsonl>', 'lance-context-shaped JSON records, one per line')
    .option('--dim <n>', 'embedding dimension of a new store (default: from the first record)', integerText)
    .option('--json', 'print the result as JSON')
    .action(async (store: string, flags: { records: string; dim?: number; json?: boolean; storageOption?: Record<string, string> }) => {
      let text: string;
      try {
        text = fs.readFileSync(flags.records, 'utf8');
      } catch (cause) {
        throw new CuratorError('input', `cannot read ${flags.records}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
          file: flags.records,
          cause,
        });
      }
      const records = parseRecordsJsonl(text, flags.records);
      const result = await importRecords(store, records, { dim: flags.dim, storageOptions: openOptionsOf(flags).storageOptions });
      if (flags.json) context.stdout(toRustJson(result, true));
      else context.stdout(`${result.created ? 'created' : 'appended to'} ${result.uri}: ${result.records} records, now version ${result.version}`);
    });
}
