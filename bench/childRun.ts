import { spawn } from 'node:child_process';
import { withMallocTuning } from '../src/core/spill/mallocTuning';
import * as path from 'node:path';

/** What a workload child process reports on its last stdout line. */
export interface ChildReport {
  seconds: number;
  /** Peak resident set size of the child (all its threads), MB. */
  peakRssMb: number;
  [key: string]: unknown;
}

/**
 * Runs `bench/workloads/<script>.ts` in its own Node process (so each
 * workload's peak RSS is its own) and returns the JSON it prints last.
 */
export function runWorkload(script: string, args: string[], log: (line: string) => void): Promise<ChildReport> {
  const file = path.join(__dirname, 'workloads', `${script}.ts`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: withMallocTuning() });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  [${script}] ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last) as ChildReport);
      } catch (error) {
        reject(new Error(`${script} failed (${(error as Error).message}): ${stdout.slice(-2000)}`));
      }
    });
  });
}

/** The report a workload child prints: its time and its own peak RSS. */
export function report(seconds: number, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...extra })}\n`);
}
