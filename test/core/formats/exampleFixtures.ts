import { FormatExampleBody, FormatRecord, RankedCandidate } from '../../../src/core/formats/formatExample';
import { CLOCK_TOOL, ingestMessages, OSLO } from './ingestedRecords';

/** The Oslo conversation, with the clock tool declared on its first record. */
export const osloRecords = (): FormatRecord[] => ingestMessages('o', OSLO, { metadata: (i) => (i === 0 ? { tools: [CLOCK_TOOL] } : undefined) });

/** Flat calls without ids, object arguments, content next to the calls, results paired by name and order. */
export const weatherRecords = (): FormatRecord[] =>
  ingestMessages('w', [
    { role: 'user', content: 'Weather in Paris and Rome?' },
    { role: 'assistant', content: 'Let me check.', tool_calls: [{ name: 'weather', arguments: { city: 'Paris' } }, { name: 'weather', arguments: { city: 'Rome' } }] },
    { role: 'tool', name: 'weather', content: '18C' },
    { role: 'tool', name: 'weather', content: '24C' },
    { role: 'assistant', content: 'Paris 18C, Rome 24C.' },
  ]);

/** The ids the converter makes up for the two weather calls (record w-r2, calls 0 and 1). */
export const WEATHER_IDS = ['call_61d07496594dc0edafea175e', 'call_db683a075bcca628c0dcc3e8'];

/** A system prompt and a user message written as text parts. */
export const partsRecords = (): FormatRecord[] =>
  ingestMessages('p', [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'text', text: 'this.' }] },
    { role: 'assistant', content: 'Done.' },
  ]);

/** A math prompt and three scored candidates (rewards 0.9, 0.2, 0.5). */
export function scoredRecords(): { prompt: FormatRecord[]; candidates: FormatRecord[] } {
  const rewards = [undefined, undefined, 0.9, 0.2, 0.5];
  const records = ingestMessages(
    'm',
    [
      { role: 'system', content: 'Answer with a number.' },
      { role: 'user', content: '2+2?' },
      { role: 'assistant', content: '4' },
      { role: 'assistant', content: '5' },
      { role: 'assistant', content: 'four' },
    ],
    { metadata: (i) => (rewards[i] === undefined ? undefined : { reward: rewards[i], reward_source: 'verifier' }) },
  );
  return { prompt: records.slice(0, 2), candidates: records.slice(2) };
}

/** Candidates ranked by score as the planner does (no explicit ranks): best first. */
export function rankedByScore(candidates: FormatRecord[]): RankedCandidate[] {
  return [...candidates]
    .sort((a, b) => (b.reward ?? 0) - (a.reward ?? 0))
    .map((record, i) => ({ record, rank: i + 1, rankIsExplicit: false, score: record.reward ?? 0 }));
}

export function pairedExample(): FormatExampleBody {
  const { prompt, candidates } = scoredRecords();
  return { form: 'paired', prompt, chosen: candidates[0], rejected: candidates[1] };
}

export function rankedExample(): FormatExampleBody {
  const { prompt, candidates } = scoredRecords();
  return { form: 'ranked', prompt, candidates: rankedByScore(candidates) };
}

export function rolloutExample(): FormatExampleBody {
  const { prompt, candidates } = scoredRecords();
  return { form: 'rollout', prompt, responses: candidates, groupId: 'g7' };
}
