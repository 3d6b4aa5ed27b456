/** Ours for the export workload: `exportTraining` (task sft, group-by session_id, no dedup) of the whole store. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationSession, exportTraining, ExportOptions } from '../../src/core';
import { report } from '../childRun';

async function main(): Promise<void> {
  // A format and tokenizer make the trainer-format workload; without them, the native export.
  // Named arguments: `labels=<uri>` applies a labels dataset, `order=scan|created_at` sets the listing order.
  const args = process.argv.slice(2);
  const named = (key: string) => args.find((arg) => arg.startsWith(`${key}=`))?.slice(key.length + 1);
  const labels = named('labels');
  const order = named('order');
  const [store, format = 'native', tokenizer] = args.filter((arg) => !/^(labels|order)=/.test(arg));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lance-curator-bench-out-'));
  try {
    const started = performance.now();
    const session = await CurationSession.open(store);
    const options = { task: 'sft', groupBy: 'session_id', format, ...(tokenizer ? { tokenizer } : {}), ...(order ? { order } : {}), ...(labels ? { labels } : {}) } as ExportOptions;
    const result = await exportTraining(session, options, path.join(dir, 'sft.jsonl'));
    await session.close();
    const seconds = (performance.now() - started) / 1000;
    const bytes = fs.statSync(path.join(dir, 'sft.jsonl')).size;
    const [output] = result.outputs;
    const tokens = output.stats.example_tokens;
    report(seconds, {
      examples: result.manifest.counts.examples,
      records: result.manifest.counts.input_records,
      outputMb: Math.round(bytes / 2 ** 20),
      timings: result.timings,
      ...(result.manifest.labels ? { labels: result.manifest.labels } : {}),
      ...(tokens?.mean !== undefined ? { tokens: Math.round(tokens.mean * (tokens.count ?? 0)), tokenizer: tokens.tokenizer, method: tokens.method } : {}),
      ...(output.excludedExamples.length > 0 ? { droppedExamples: output.excludedExamples.length, firstDrop: output.excludedExamples[0].reason } : {}),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
