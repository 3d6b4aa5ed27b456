/** What commands use to talk to the outside world, so tests can run them in-process. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Fires on Ctrl-C; long runs stop and clean up. */
  signal: AbortSignal;
  cwd: string;
  /** Whether stdout is a terminal (human output) or a pipe (JSON). */
  interactive: boolean;
}
