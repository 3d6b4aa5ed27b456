import * as assert from 'node:assert/strict';
import { madeUpCallId, normaliseToolCall } from '../../../src/core/formats/toolCall';

describe('normaliseToolCall', () => {
  it('reads a nested OpenAI call with string arguments and keeps its id and string', () => {
    const call = normaliseToolCall({ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{"tz": "UTC"}' } }, 'r1', 0);
    assert.deepEqual(call, { id: 'c1', idFromSource: true, name: 'clock', arguments: { tz: 'UTC' }, argumentsJson: '{"tz": "UTC"}' });
  });

  it('reads a flat call with object arguments and gives it a made-up id', () => {
    const call = normaliseToolCall({ name: 'clock', arguments: { tz: 'UTC' } }, 'r1', 2);
    assert.deepEqual(call, { id: madeUpCallId('r1', 2), idFromSource: false, name: 'clock', arguments: { tz: 'UTC' }, argumentsJson: '{"tz":"UTC"}' });
  });

  it('makes up the same id for the same record and index, and another for another index', () => {
    assert.equal(madeUpCallId('r1', 0), madeUpCallId('r1', 0));
    assert.notEqual(madeUpCallId('r1', 0), madeUpCallId('r1', 1));
    assert.match(madeUpCallId('r1', 0), /^call_[0-9a-f]{24}$/);
  });

  it('takes empty-string arguments as no arguments', () => {
    assert.deepEqual((normaliseToolCall({ name: 'now', arguments: '' }, 'r', 0) as { arguments: object }).arguments, {});
  });

  it('reports arguments that are not JSON', () => {
    assert.deepEqual(normaliseToolCall({ name: 'clock', arguments: '{tz:' }, 'r1', 0), {
      problem: 'unparseable arguments in tool call "clock" of record r1: not valid JSON',
    });
  });

  it('reports arguments that are JSON but not an object', () => {
    assert.deepEqual(normaliseToolCall({ name: 'clock', arguments: '[1]' }, 'r1', 0), {
      problem: 'unparseable arguments in tool call "clock" of record r1: not a JSON object',
    });
  });

  it('reports a call without a function name', () => {
    assert.deepEqual(normaliseToolCall({ function: { arguments: '{}' } }, 'r1', 0), { problem: 'tool call 1 of record r1 has no function name' });
  });
});
