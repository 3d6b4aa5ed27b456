import { Format, SingleBar } from 'cli-progress';
import { formatCount, PIPELINE_STAGES, PipelineProgress, PipelineStage } from '../core';

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressReporter {
  onProgress: (progress: PipelineProgress) => void;
  /** Clears the bar (on a terminal); call on success and failure alike. */
  done: () => void;
}

export interface ProgressSettings {
  /** `--json` runs show no progress at all. */
  json: boolean;
  stream?: ProgressStream;
  /** Nothing shows for runs shorter than this (default 1 s, `LANCE_CURATOR_PROGRESS_DELAY_MS`). */
  delayMs?: number;
  /** Seconds between plain lines when not on a terminal (default 1 s). */
  lineIntervalMs?: number;
  now?: () => number;
}

/** How far the current stage is, with its rate and ETA, measured from the stage's first report. */
export interface StageProgress {
  stage: PipelineStage;
  done?: number;
  total?: number;
  /** Items per second in this stage so far. */
  rate?: number;
  /** Seconds left in this stage at that rate (only with a total). */
  etaSeconds?: number;
  elapsedSeconds: number;
}

/**
 * Progress on stderr: a bar with stage, records, rate and ETA on a terminal
 * (cli-progress), a plain line per second otherwise, nothing with `--json`.
 * Short runs (under a second) show nothing.
 */
export function stderrProgress(settings: ProgressSettings): ProgressReporter {
  const stream = settings.stream ?? process.stderr;
  const now = settings.now ?? Date.now;
  const delayMs = settings.delayMs ?? delayFromEnvironment();
  const started = now();
  const tracker = stageTracker(now);
  if (settings.json) return { onProgress: () => undefined, done: () => undefined };
  if (stream.isTTY) return terminalBar(stream, tracker, () => now() - started >= delayMs);
  const interval = settings.lineIntervalMs ?? 1000;
  let last = -Infinity;
  return {
    onProgress(progress) {
      const state = tracker(progress);
      const at = now();
      if (at - started < delayMs || at - last < interval) return;
      last = at;
      stream.write(`lance-curator: ${progressLine(state)} (${((at - started) / 1000).toFixed(0)} s)\n`);
    },
    done: () => undefined,
  };
}

function terminalBar(stream: ProgressStream, tracker: (progress: PipelineProgress) => StageProgress, due: () => boolean): ProgressReporter {
  let bar: SingleBar | undefined;
  return {
    onProgress(progress) {
      const state = tracker(progress);
      if (!bar) {
        if (!due()) return;
        bar = new SingleBar({
          stream: stream as NodeJS.WritableStream,
          clearOnComplete: true,
          hideCursor: true,
          barsize: 24,
          fps: 5,
          format: (options, params, payload: { state: StageProgress }) => {
            const { state: current } = payload;
            const bar = current.total ? ` [${Format.BarFormat(params.progress, options)}]` : '';
            return `lance-curator: ${PIPELINE_STAGES[current.stage].label}${bar} ${describeAmount(current)}`;
          },
        });
        bar.start(state.total ?? 0, state.done ?? 0, { state });
      }
      bar.setTotal(state.total ?? 0);
      bar.update(state.done ?? 0, { state });
    },
    done() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Follows the stages as they report, timing each from its first report. */
export function stageTracker(now: () => number = Date.now): (progress: PipelineProgress) => StageProgress {
  let stage: PipelineStage | undefined;
  let stageStart = 0;
  return (progress) => {
    const at = now();
    if (progress.stage !== stage) {
      stage = progress.stage;
      stageStart = at;
    }
    const elapsedSeconds = (at - stageStart) / 1000;
    const rate = progress.done !== undefined && elapsedSeconds > 0 ? progress.done / elapsedSeconds : undefined;
    const etaSeconds = rate && progress.total !== undefined && progress.done !== undefined ? Math.max(0, (progress.total - progress.done) / rate) : undefined;
    return { stage: progress.stage, done: progress.done, total: progress.total, rate, etaSeconds, elapsedSeconds };
  };
}

/** "MinHash text dedup 1,200/4,000 · 800/s · ETA 4 s": the stage by its label, then how far it is. */
export function progressLine(state: StageProgress): string {
  const amount = describeAmount(state);
  return `${PIPELINE_STAGES[state.stage].label}${amount ? ` ${amount}` : ''}`;
}

function describeAmount(state: StageProgress): string {
  if (state.done === undefined) return '';
  const parts = [state.total ? `${formatCount(state.done)}/${formatCount(state.total)}` : formatCount(state.done)];
  if (state.rate !== undefined && state.elapsedSeconds >= 0.5) parts.push(`${formatCount(Math.round(state.rate))}/s`);
  if (state.etaSeconds !== undefined && state.elapsedSeconds >= 0.5) parts.push(`ETA ${formatDuration(state.etaSeconds)}`);
  return parts.join(' · ');
}

/** 42 s, 3 min 05 s, 1 h 02 min. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function delayFromEnvironment(): number {
  const value = Number(process.env.LANCE_CURATOR_PROGRESS_DELAY_MS);
  return Number.isFinite(value) && value >= 0 ? value : 1000;
}
