/**
 * The panel's first preview plan: a fresh preview session (`cachePayloads:
 * true`) plans the default options (sft) with what the panel's worker asks
 * for (20 examples, charts, the example index, texts read on demand). Reports the time and where it
 * went (the plan's stage timings).
 */
import { CurationSession, planExport } from '../../src/core';
import { report } from '../childRun';

async function main(): Promise<void> {
  const [store] = process.argv.slice(2);
  const started = performance.now();
  const session = await CurationSession.open(store, { cachePayloads: true });
  const plan = await planExport(session, {}, { limit: 20, charts: true, index: true, textsOnDemand: true });
  const seconds = (performance.now() - started) / 1000;
  await session.close();
  const stages = Object.fromEntries(Object.entries(plan.timings).map(([stage, ms]) => [stage, Math.round(ms ?? 0)]));
  report(seconds, { examples: plan.output.counts.examples, stagesMs: stages });
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
