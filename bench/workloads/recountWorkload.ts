/**
 * Ours for the preview recount: a preview session (`cachePayloads: true`)
 * plans once (the first load, dedup 0.05), then plans again after each
 * slider change; each recount is timed on its own.
 */
import { CurationSession, ExportOptions, planExport } from '../../src/core';
import { report } from '../childRun';

const CHANGES: { label: string; options: ExportOptions }[] = [
  { label: 'min reward 0 -> 0.5', options: { minReward: 0.5, dedupThreshold: 0.05 } },
  { label: 'dedup 0.05 -> 0.03', options: { minReward: 0.5, dedupThreshold: 0.03 } },
  { label: 'dedup 0.03 -> 0.08', options: { minReward: 0.5, dedupThreshold: 0.08 } },
  { label: 'min reward 0.5 -> 0.2', options: { minReward: 0.2, dedupThreshold: 0.08 } },
];

async function main(): Promise<void> {
  const [store] = process.argv.slice(2);
  const session = await CurationSession.open(store, { cachePayloads: true });
  let started = performance.now();
  const first = await planExport(session, { minReward: 0, dedupThreshold: 0.05 }, { limit: 20 });
  const firstLoad = (performance.now() - started) / 1000;
  const recounts: { label: string; seconds: number; cpuSeconds: number; examples: number; afterDedup: number }[] = [];
  for (const change of CHANGES) {
    // CPU time beside wall time: on a shared machine the wall time of 100 ms of work is mostly other processes' turns.
    // It counts every thread of the process (concurrent compilation and GC too), so it can exceed the wall time.
    const cpu = process.cpuUsage();
    started = performance.now();
    const plan = await planExport(session, change.options, { limit: 20 });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    recounts.push({ label: change.label, seconds, cpuSeconds: (used.user + used.system) / 1e6, examples: plan.output.counts.examples, afterDedup: plan.output.counts.after_dedup });
  }
  await session.close();
  report(Math.max(...recounts.map((r) => r.seconds)), { firstLoad, firstExamples: first.output.counts.examples, recounts });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
