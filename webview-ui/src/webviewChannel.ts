import { Channel, Envelope, RpcEndpoint } from '../../src/protocol/rpc';
import { vscode } from './vscodeApi';

/** The webview's side of the host conversation. */
export function connectToHost(): RpcEndpoint {
  const channel: Channel = {
    post: (message: Envelope) => vscode().postMessage(message),
    listen: (handler) => {
      const listener = (event: MessageEvent) => handler(event.data);
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
  };
  return new RpcEndpoint(channel);
}
