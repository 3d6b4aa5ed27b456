import * as assert from 'node:assert/strict';
import { convertExample } from '../../../src/core/formats/convertExample';
import { LineOutcome } from '../../../src/core/formats/convertedLine';
import { FormatExampleBody } from '../../../src/core/formats/formatExample';
import { osloRecords, pairedExample, partsRecords, rankedExample, rolloutExample, scoredRecords, weatherRecords } from './exampleFixtures';
import { ingestMessages } from './ingestedRecords';

const trl = (example: FormatExampleBody, options: { margin?: boolean; rankedPairs?: 'best-worst' | 'adjacent' | 'all' } = {}) =>
  convertExample(example, { flavour: 'trl', ...options });

function lines(outcomes: LineOutcome[]): string[] {
  return outcomes.map((o) => ('line' in o ? JSON.stringify(o.line) : `DROPPED: ${o.dropped}`));
}

describe('TRL lines', () => {
  it('write an SFT conversation with a nested string-argument call as messages with object arguments and the record tools', () => {
    assert.deepEqual(lines(trl({ form: 'sft', records: osloRecords() })), [
      '{"messages":[{"role":"system","content":"You tell the time."},{"role":"user","content":"Time in Oslo?"},{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"clock","arguments":{"tz":"Europe/Oslo"}}}]},{"role":"tool","name":"clock","content":"14:02"},{"role":"assistant","content":"It is 14:02."}],"tools":[{"type":"function","function":{"name":"clock","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}]}',
    ]);
  });

  it('keep content next to flat calls and name each result after its call', () => {
    assert.deepEqual(lines(trl({ form: 'sft', records: weatherRecords() })), [
      '{"messages":[{"role":"user","content":"Weather in Paris and Rome?"},{"role":"assistant","content":"Let me check.","tool_calls":[{"type":"function","function":{"name":"weather","arguments":{"city":"Paris"}}},{"type":"function","function":{"name":"weather","arguments":{"city":"Rome"}}}]},{"role":"tool","name":"weather","content":"18C"},{"role":"tool","name":"weather","content":"24C"},{"role":"assistant","content":"Paris 18C, Rome 24C."}]}',
    ]);
  });

  it('flatten text parts to one string, since text templates print content as is', () => {
    assert.deepEqual(lines(trl({ form: 'sft', records: partsRecords() })), [
      '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Describe\\nthis."},{"role":"assistant","content":"Done."}]}',
    ]);
  });

  it('drop a conversation holding an image part', () => {
    const records = ingestMessages('i', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }, { role: 'assistant', content: 'A cat.' }]);
    assert.deepEqual(lines(trl({ form: 'sft', records })), ['DROPPED: record i-r1 has a "image_url" content part; TRL text lines hold strings only']);
  });

  it('write a paired example as explicit conversational prompt, chosen and rejected, without a label', () => {
    assert.deepEqual(lines(trl(pairedExample())), [
      '{"prompt":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"chosen":[{"role":"assistant","content":"4"}],"rejected":[{"role":"assistant","content":"5"}]}',
    ]);
  });

  it('write an unpaired example with a boolean label', () => {
    const { prompt, candidates } = scoredRecords();
    assert.deepEqual(lines(trl({ form: 'unpaired', prompt, completion: candidates[1], label: false })), [
      '{"prompt":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"completion":[{"role":"assistant","content":"5"}],"label":false}',
    ]);
  });

  it('turn a ranked list into its best-worst pair by default, with the reward gap as margin when asked', () => {
    assert.deepEqual(lines(trl(rankedExample(), { margin: true })), [
      '{"prompt":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"chosen":[{"role":"assistant","content":"4"}],"rejected":[{"role":"assistant","content":"5"}],"margin":0.7}',
    ]);
  });

  it('turn a ranked list into adjacent pairs, each its own line with its own records', () => {
    const outcomes = trl(rankedExample(), { rankedPairs: 'adjacent' });
    assert.deepEqual(
      outcomes.map((o) => ('line' in o ? [JSON.stringify(o.line.chosen), JSON.stringify(o.line.rejected), o.recordIds.join(' ')] : o.dropped)),
      [
        ['[{"role":"assistant","content":"4"}]', '[{"role":"assistant","content":"four"}]', 'm-r1 m-r2 m-r3 m-r5'],
        ['[{"role":"assistant","content":"four"}]', '[{"role":"assistant","content":"5"}]', 'm-r1 m-r2 m-r5 m-r4'],
      ],
    );
  });

  it('write a rollout as a prompt-only line with the reward columns for reward functions', () => {
    assert.deepEqual(lines(trl(rolloutExample())), [
      '{"prompt":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"reward":0.9,"reward_source":"verifier","group_id":"g7"}',
    ]);
  });

  it('drop a prompt that ends in a system turn', () => {
    const { candidates } = scoredRecords();
    const prompt = ingestMessages('s', [{ role: 'system', content: 'Answer.' }]);
    assert.deepEqual(lines(trl({ form: 'paired', prompt, chosen: candidates[0], rejected: candidates[1] })), ['DROPPED: prompt ends in a system turn']);
  });

  it('drop a prompt that ends in an assistant turn', () => {
    const prompt = ingestMessages('a', [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }]);
    assert.deepEqual(lines(trl({ form: 'rollout', prompt, responses: [] })), ['DROPPED: prompt ends in an assistant turn']);
  });

  it('drop an empty prompt', () => {
    const { candidates } = scoredRecords();
    assert.deepEqual(lines(trl({ form: 'unpaired', prompt: [], completion: candidates[0], label: true })), ['DROPPED: empty prompt']);
  });

  it('drop a preference prompt whose tool result answers a call that sits in a candidate', () => {
    const records = ingestMessages('t', [
      { role: 'user', content: 'Time?' },
      { role: 'assistant', tool_calls: [{ name: 'clock', arguments: {} }] },
      { role: 'tool', name: 'clock', content: '14:02' },
      { role: 'assistant', content: 'It is 14:02.' },
    ]);
    // The native split puts every non-assistant record in the prompt, the result included.
    const example: FormatExampleBody = { form: 'paired', prompt: [records[0], records[2]], chosen: records[3], rejected: records[1] };
    assert.deepEqual(lines(trl(example)), ['DROPPED: tool result t-r3 has no call to pair with']);
  });

  it('drop a conversation whose call arguments do not parse', () => {
    const records = ingestMessages('u', [
      { role: 'user', content: 'Time?' },
      { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'clock', arguments: '{"tz":' } }] },
    ]);
    assert.deepEqual(lines(trl({ form: 'sft', records })), ['DROPPED: unparseable arguments in tool call "clock" of record u-r2: not valid JSON']);
  });

  it('take the tools given for every example over those of the records', () => {
    const tools = [{ type: 'function' as const, function: { name: 'other' } }];
    const [outcome] = convertExample({ form: 'sft', records: osloRecords() }, { flavour: 'trl', tools });
    assert.deepEqual('line' in outcome && outcome.line.tools, tools);
  });
});
