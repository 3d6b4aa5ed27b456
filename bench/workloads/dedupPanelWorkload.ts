/**
 * Ours for the panel's dedup slider (issue 21): a preview session
 * (`cachePayloads: true`, what the panel holds) plans once without embedding
 * dedup (the panel open), then turns dedup on at the slider's start (0.05) and
 * moves the threshold: to 0.2, then back within it. Each step is timed on its
 * own; the dedup stage's share is reported beside it.
 */
import { CurationSession, planExport } from '../../src/core';
import { report } from '../childRun';

const STEPS: { label: string; threshold: number }[] = [
  { label: 'turn on at 0.05', threshold: 0.05 },
  { label: '0.05 -> 0.2', threshold: 0.2 },
  { label: '0.2 -> 0.12', threshold: 0.12 },
  { label: '0.12 -> 0.03', threshold: 0.03 },
];

async function main(): Promise<void> {
  const [store] = process.argv.slice(2);
  const session = await CurationSession.open(store, { cachePayloads: true });
  let started = performance.now();
  await planExport(session, { minReward: 0.5 }, { limit: 20 });
  const open = (performance.now() - started) / 1000;
  const steps: { label: string; seconds: number; dedupSeconds: number; afterDedup: number }[] = [];
  for (const step of STEPS) {
    started = performance.now();
    const plan = await planExport(session, { minReward: 0.5, dedupThreshold: step.threshold }, { limit: 20 });
    const seconds = (performance.now() - started) / 1000;
    steps.push({ label: step.label, seconds, dedupSeconds: (plan.timings?.dedup ?? 0) / 1000, afterDedup: plan.output.counts.after_dedup });
  }
  await session.close();
  report(Math.max(...steps.map((s) => s.seconds)), { open, steps });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
