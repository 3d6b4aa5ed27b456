import { formatCount, PIPELINE_STAGES, PipelineProgress } from '../core';

/**
 * Progress on stderr for runs that take a while: nothing for the first second,
 * then at most one line per second (a rewritten line on a terminal).
 */
export function stderrProgress(enabled: boolean): { onProgress: (progress: PipelineProgress) => void; done: () => void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  const tty = process.stderr.isTTY;
  return {
    onProgress(progress) {
      if (!enabled) return;
      const now = Date.now();
      if (now - started < 1000 || now - last < 1000) return;
      last = now;
      shown = true;
      const line = `lance-curator: ${progressLine(progress)} (${((now - started) / 1000).toFixed(0)} s)`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
    done() {
      if (shown && tty) process.stderr.write('\r\x1b[K');
    },
  };
}

/** "MinHash text dedup 1,200/4,000": the stage by its label, then how far it is. */
export function progressLine(progress: PipelineProgress): string {
  const amount = progress.done === undefined ? '' : progress.total ? ` ${formatCount(progress.done)}/${formatCount(progress.total)}` : ` ${formatCount(progress.done)}`;
  return `${PIPELINE_STAGES[progress.stage].label}${amount}`;
}
