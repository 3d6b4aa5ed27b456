import { PipelineProgress } from '../core';

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
      const amount = progress.done === undefined ? '' : progress.total ? ` ${progress.done}/${progress.total}` : ` ${progress.done}`;
      const line = `lance-curator: ${progress.stage}${amount} (${((now - started) / 1000).toFixed(0)} s)`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
    done() {
      if (shown && tty) process.stderr.write('\r\x1b[K');
    },
  };
}
