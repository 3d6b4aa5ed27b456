import { ContextRecord } from '../../src/core';
import { addRecords, rec } from './records';

/** Rewards of session `i`'s two answers (chosen above rejected by a margin of 0.01–0.10). */
export function manyExamplesRewards(i: number): { chosen: number; rejected: number } {
  const chosen = Math.round(((i * 7919) % 1000) + 1) / 1000;
  return { chosen, rejected: Math.round((chosen - ((i * 31) % 10) / 100 - 0.01) * 1000) / 1000 };
}

/**
 * `sessions` conversations s00000…: a question and two scored answers (every
 * fifth session opens with an extra user turn, so groups have 3 or 4
 * records); answers grow with `i % 50`; session 7777 alone mentions a zebra.
 */
export async function buildManyExamplesStore(dir: string, sessions = 10_000): Promise<string> {
  const records: ContextRecord[] = [];
  for (let i = 0; i < sessions; i++) {
    const session = `s${String(i).padStart(5, '0')}`;
    const at = i * 10;
    const { chosen, rejected } = manyExamplesRewards(i);
    const fields = { session_id: session, embedding: null };
    if (i % 5 === 0) records.push(rec(`${session}-0`, 'user', `Hello, this is session ${i}.`, at, fields));
    records.push(rec(`${session}-1`, 'user', i === 7777 ? 'Why did the zebra cross the road?' : `Question ${i} about topic ${i % 13}?`, at + 1, fields));
    records.push(rec(`${session}-2`, 'assistant', `Answer ${i}: ${'word '.repeat((i % 50) + 1).trim()}`, at + 2, { ...fields, metadata: { reward: chosen } }));
    records.push(rec(`${session}-3`, 'assistant', `Other answer ${i}.`, at + 3, { ...fields, metadata: { reward: rejected } }));
  }
  return addRecords(dir, records);
}
