/**
 * The one wrapper around `acquireVsCodeApi`, so the UI also runs in a plain
 * browser page (the Chromium tests provide a stand-in).
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscode(): VsCodeApi {
  if (!api) {
    if (typeof acquireVsCodeApi === 'function') {
      api = acquireVsCodeApi();
    } else {
      let state: unknown;
      api = { postMessage: () => undefined, getState: () => state, setState: (s) => (state = s) };
    }
  }
  return api;
}
