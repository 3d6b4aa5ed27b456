import { ContextRecord } from '../../../src/core';
import { CLOCK_TOOL, OSLO } from './ingestedRecords';
import { ingestedContextRecords } from './ingestedStore';

/** A two-question arithmetic chat with two scored answers. */
export const MATH: Record<string, unknown>[] = [
  { role: 'system', content: 'Answer with a number.' },
  { role: 'user', content: '2+2?' },
  { role: 'assistant', content: '4' },
  { role: 'assistant', content: '5' },
];

/**
 * The store the format exports are tested on, written as `ingest_messages`
 * writes it: session `chat` holds the Oslo tool-calling conversation (its
 * tool schema in the caller metadata), session `math` a question with a
 * chosen (reward 0.9) and a rejected (reward 0.2) answer.
 */
export function formatFixtureRecords(): ContextRecord[] {
  return [
    ...ingestedContextRecords('chat', OSLO, { session: 'chat', start: 0, metadata: (i) => (i === 0 ? { tools: [CLOCK_TOOL] } : undefined) }),
    ...ingestedContextRecords('math', MATH, { session: 'math', start: 100, metadata: (i) => (i === 2 ? { reward: 0.9 } : i === 3 ? { reward: 0.2 } : undefined) }),
  ];
}

/**
 * Golden trainer lines of the fixture store: the converter tests' strings,
 * except that metadata read back from the store has its keys sorted (the tool
 * schema's `properties` before `type`).
 */
export const GOLDEN = {
  trlChat:
    '{"messages":[{"role":"system","content":"You tell the time."},{"role":"user","content":"Time in Oslo?"},{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"clock","arguments":{"tz":"Europe/Oslo"}}}]},{"role":"tool","name":"clock","content":"14:02"},{"role":"assistant","content":"It is 14:02."}],"tools":[{"type":"function","function":{"name":"clock","parameters":{"properties":{"tz":{"type":"string"}},"type":"object"}}}]}',
  openaiChat:
    '{"messages":[{"role":"system","content":"You tell the time."},{"role":"user","content":"Time in Oslo?"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"clock","arguments":"{\\"tz\\":\\"Europe/Oslo\\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"14:02"},{"role":"assistant","content":"It is 14:02."}],"tools":[{"type":"function","function":{"name":"clock","parameters":{"properties":{"tz":{"type":"string"}},"type":"object"}}}]}',
  trlPaired:
    '{"prompt":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"chosen":[{"role":"assistant","content":"4"}],"rejected":[{"role":"assistant","content":"5"}]}',
  openaiPaired:
    '{"input":{"messages":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}]},"preferred_output":[{"role":"assistant","content":"4"}],"non_preferred_output":[{"role":"assistant","content":"5"}]}',
};
