import { ContextRecord, ExportOptions } from '../../src/core';
import { addRecords, rec } from './records';

/** Sixty distinct words, so shingles of five never repeat by accident. */
const W = Array.from({ length: 60 }, (_, i) => `word${i}`);
export const words = (from: number, to: number) => W.slice(from, to).join(' ');
export const inSession = (session: string, fields: object = {}) => ({ session_id: session, ...fields });

/**
 * g1 is kept; g3 repeats it in other case and spacing (an exact duplicate once
 * normalised); g2 repeats it with one word changed and split differently (a
 * near duplicate). g1's records are stored out of (created_at, id) order, two
 * share a created_at, and one is dropped by the reward filter before the text
 * stages run.
 */
export function groupDedupRecords(): ContextRecord[] {
  return [
    rec('k2', 'user', words(20, 40), 1, inSession('g1')),
    rec('k1', 'assistant', words(0, 20), 1, inSession('g1')),
    rec('k3', 'assistant', 'an answer the reward filter drops', 3, inSession('g1', { metadata: { reward: 0.1 } })),
    rec('k0', 'assistant', words(40, 60), 2, inSession('g1', { metadata: { reward: 0.9 } })),
    rec('x1', 'user', words(0, 40).toUpperCase().replaceAll(' ', '  '), 4, inSession('g3')),
    rec('x2', 'assistant', words(40, 60), 5, inSession('g3')),
    rec('r2', 'assistant', words(30, 60), 11, inSession('g2')),
    rec('r1', 'user', words(0, 30).replace('word5 ', 'changed '), 10, inSession('g2')),
    rec('u1', 'user', 'an unrelated question about gardening in spring', 12, inSession('g4')),
  ];
}

/** `<dir>/ctx.lance` holding `groupDedupRecords()`. */
export function groupDedupFixture(dir: string): Promise<string> {
  return addRecords(dir, groupDedupRecords());
}

export const GROUP_DEDUP_OPTIONS: ExportOptions = { task: 'sft', groupBy: 'session_id', textDedup: 'minhash', dedupUnit: 'group', minReward: 0.5 };

