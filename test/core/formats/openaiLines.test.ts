import * as assert from 'node:assert/strict';
import { CuratorError } from '../../../src/core/errors';
import { convertExample } from '../../../src/core/formats/convertExample';
import { LineOutcome } from '../../../src/core/formats/convertedLine';
import { assertFlavourSupports } from '../../../src/core/formats/flavourSupport';
import { FormatExampleBody } from '../../../src/core/formats/formatExample';
import { osloRecords, pairedExample, partsRecords, rankedExample, rolloutExample, scoredRecords, WEATHER_IDS, weatherRecords } from './exampleFixtures';
import { ingestMessages } from './ingestedRecords';
import { openAiFormatErrors } from './openAiDataCheck';

const openai = (example: FormatExampleBody, rankedPairs: 'best-worst' | 'adjacent' | 'all' = 'best-worst') =>
  convertExample(example, { flavour: 'openai', rankedPairs });

function lines(outcomes: LineOutcome[]): string[] {
  return outcomes.map((o) => ('line' in o ? JSON.stringify(o.line) : `DROPPED: ${o.dropped}`));
}

describe('OpenAI lines', () => {
  it('write an SFT conversation with the call id, the arguments as a JSON string and the result pointing at the call', () => {
    assert.deepEqual(lines(openai({ form: 'sft', records: osloRecords() })), [
      '{"messages":[{"role":"system","content":"You tell the time."},{"role":"user","content":"Time in Oslo?"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"clock","arguments":"{\\"tz\\":\\"Europe/Oslo\\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"14:02"},{"role":"assistant","content":"It is 14:02."}],"tools":[{"type":"function","function":{"name":"clock","parameters":{"type":"object","properties":{"tz":{"type":"string"}}}}}]}',
    ]);
  });

  it('make up stable ids for calls without one and pair results with them by name and order', () => {
    const [a, b] = WEATHER_IDS;
    assert.deepEqual(lines(openai({ form: 'sft', records: weatherRecords() })), [
      `{"messages":[{"role":"user","content":"Weather in Paris and Rome?"},{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"${a}","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},{"id":"${b}","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},{"role":"tool","tool_call_id":"${a}","content":"18C"},{"role":"tool","tool_call_id":"${b}","content":"24C"},{"role":"assistant","content":"Paris 18C, Rome 24C."}]}`,
    ]);
  });

  it('make up the same ids on every run', () => {
    assert.deepEqual(lines(openai({ form: 'sft', records: weatherRecords() })), lines(openai({ form: 'sft', records: weatherRecords() })));
  });

  it('keep a user message content parts list in SFT lines', () => {
    assert.deepEqual(lines(openai({ form: 'sft', records: partsRecords() })), [
      '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Describe"},{"type":"text","text":"this."}]},{"role":"assistant","content":"Done."}]}',
    ]);
  });

  it('pass the cookbook format checks on every SFT line', () => {
    for (const records of [osloRecords(), weatherRecords(), partsRecords()]) {
      for (const outcome of openai({ form: 'sft', records })) {
        assert.ok('line' in outcome);
        assert.deepEqual(openAiFormatErrors(outcome.line), []);
      }
    }
  });

  it('are checked by a cookbook check that does flag a broken line', () => {
    const broken = { messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', content: '1' }, { role: 'function', content: 'x' }] };
    assert.deepEqual(openAiFormatErrors(broken), ['tool_call_id_without_call', 'unrecognized_role:function', 'example_missing_assistant_message']);
  });

  it('drop an SFT conversation without an assistant message', () => {
    const records = ingestMessages('n', [{ role: 'user', content: 'Hello?' }]);
    assert.deepEqual(lines(openai({ form: 'sft', records })), ['DROPPED: no assistant message (OpenAI trains on assistant messages only)']);
  });

  it('drop an assistant message with neither content nor calls', () => {
    const records = ingestMessages('e', [{ role: 'user', content: 'Hello?' }, { role: 'assistant', content: '' }]);
    assert.deepEqual(lines(openai({ form: 'sft', records })), ['DROPPED: assistant message e-r2 has neither content nor tool calls']);
  });

  it('drop a tool result whose call is missing, rather than write one without tool_call_id', () => {
    const records = ingestMessages('x', [{ role: 'user', content: 'Time?' }, { role: 'tool', content: '14:02' }, { role: 'assistant', content: 'It is 14:02.' }]);
    assert.deepEqual(lines(openai({ form: 'sft', records })), ['DROPPED: tool result x-r2 has no call to pair with']);
  });

  it('keep the weight an assistant message carries', () => {
    const records = ingestMessages('w0', [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Bad answer', weight: 0 }, { role: 'user', content: 'Again' }, { role: 'assistant', content: 'Hello' }]);
    assert.deepEqual(lines(openai({ form: 'sft', records })), [
      '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Bad answer","weight":0},{"role":"user","content":"Again"},{"role":"assistant","content":"Hello"}]}',
    ]);
  });

  it('write a paired example as a DPO line with one-message outputs', () => {
    assert.deepEqual(lines(openai(pairedExample())), [
      '{"input":{"messages":[{"role":"system","content":"Answer with a number."},{"role":"user","content":"2+2?"}]},"preferred_output":[{"role":"assistant","content":"4"}],"non_preferred_output":[{"role":"assistant","content":"5"}]}',
    ]);
  });

  it('turn a ranked list into DPO lines, one per pair', () => {
    const outcomes = openai(rankedExample(), 'all');
    assert.deepEqual(
      outcomes.map((o) => ('line' in o ? `${JSON.stringify(o.line.preferred_output)} > ${JSON.stringify(o.line.non_preferred_output)}` : o.dropped)),
      [
        '[{"role":"assistant","content":"4"}] > [{"role":"assistant","content":"four"}]',
        '[{"role":"assistant","content":"4"}] > [{"role":"assistant","content":"5"}]',
        '[{"role":"assistant","content":"four"}] > [{"role":"assistant","content":"5"}]',
      ],
    );
  });

  it('drop a DPO pair whose output calls a tool, since preference outputs are text only', () => {
    const { prompt, candidates } = scoredRecords();
    const [caller] = ingestMessages('c', [{ role: 'assistant', tool_calls: [{ name: 'calc', arguments: { x: '2+2' } }] }]);
    assert.deepEqual(lines(openai({ form: 'paired', prompt, chosen: caller, rejected: candidates[1] })), [
      'DROPPED: output c-r1 has tool calls; OpenAI preference outputs are text only',
    ]);
  });

  it('refuse the unpaired form with an error that names it', () => {
    const { prompt, candidates } = scoredRecords();
    assert.throws(
      () => openai({ form: 'unpaired', prompt, completion: candidates[0], label: true }),
      (error: unknown) => CuratorError.is(error, 'usage') && /unpaired/.test(error.message),
    );
    assert.throws(() => assertFlavourSupports('openai', 'preference', 'unpaired'), /unpaired/);
    assert.doesNotThrow(() => assertFlavourSupports('trl', 'preference', 'unpaired'));
  });

  it('write a rollout as an RFT line with system as developer and the reward as grader data', () => {
    const [outcome] = openai(rolloutExample());
    assert.ok('line' in outcome);
    assert.equal(
      JSON.stringify(outcome.line),
      '{"messages":[{"role":"developer","content":"Answer with a number."},{"role":"user","content":"2+2?"}],"reward":0.9,"reward_source":"verifier","group_id":"g7"}',
    );
    assert.deepEqual(openAiFormatErrors(outcome.line, ['developer', 'user', 'assistant', 'tool']), []);
  });
});
