import * as vscode from 'vscode';

/** The "Lance Curator" output channel: what ran, how long each stage took, and errors. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Lance Curator', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  /** Logs stage timings of a run, e.g. "scan 120 ms · listing 3 ms · dedup 40 ms". */
  timings(what: string, timings: Partial<Record<string, number>>, totalMs?: number): void {
    const parts = Object.entries(timings)
      .filter(([, ms]) => ms !== undefined)
      .map(([stage, ms]) => `${stage} ${ms! < 10 ? ms!.toFixed(1) : Math.round(ms!)} ms`);
    this.info(`${what}${totalMs === undefined ? '' : ` in ${Math.round(totalMs)} ms`}: ${parts.join(' · ')}`);
  }

  /** Logs a failure and tells the user in one toast, with a button that opens the log. */
  reportError(message: string): void {
    this.error(message);
    void vscode.window.showErrorMessage(message, 'Open Lance Curator Log').then((choice) => choice && this.show());
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
