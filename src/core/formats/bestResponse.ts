import { FormatRecord } from './formatExample';

/** The rollout response with the highest known reward (first on ties), or undefined when none has one: the source of a rollout line's reward columns. */
export function bestResponse(responses: FormatRecord[]): FormatRecord | undefined {
  let best: FormatRecord | undefined;
  for (const response of responses) {
    if (response.reward !== undefined && (best?.reward === undefined || response.reward > best.reward)) best = response;
  }
  return best;
}
