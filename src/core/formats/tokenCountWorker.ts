/**
 * Entry point of a token-count worker thread (bundled by scripts/build.mjs
 * into a JavaScript string and started with `eval`, like the dedup worker).
 * The first message carries an encoding's name and ranks; the worker builds
 * the very counter the main thread has ({@link counterOfEncoding}) and then
 * answers each batch of texts with their counts, in order.
 */
import { parentPort } from 'node:worker_threads';
import { GptEncoding as Encoding } from 'gpt-tokenizer/GptEncoding';
import { counterOfEncoding, type GptEncoding, type TokenCounter } from './bundledCounter';
import type { CountReply, CountRequest } from './textCounting';

let counter: TokenCounter | undefined;

parentPort?.on('message', (message: CountRequest) => {
  if (message.kind === 'encoding') {
    const ranks = message.ranks as Parameters<typeof Encoding.getEncodingApi>[1] extends () => infer R ? R : never;
    counter = counterOfEncoding(message.name, Encoding.getEncodingApi(message.name as Parameters<typeof Encoding.getEncodingApi>[0], () => ranks) as unknown as GptEncoding);
    return;
  }
  const counts = new Int32Array(message.texts.length);
  for (let i = 0; i < message.texts.length; i++) counts[i] = counter!.count(message.texts[i]);
  const reply: CountReply = { id: message.id, counts };
  parentPort!.postMessage(reply, [counts.buffer]);
});
