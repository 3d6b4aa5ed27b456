import * as assert from 'node:assert/strict';
import { conversationTurns, Turn } from '../../../src/core/formats/conversationTurns';
import { SourceMessage } from '../../../src/core/formats/sourceMessage';

const m = (role: string, fields: Partial<SourceMessage> = {}, recordId = `r-${role}`): SourceMessage => ({ role, recordId, ...fields });

function pairs(turns: Turn[] | { dropped: string }): string[] | string {
  if ('dropped' in turns) return turns.dropped;
  return turns.filter((t) => t.role === 'tool').map((t) => (t.role === 'tool' ? `${t.recordId}->${t.call.id}` : ''));
}

describe('conversationTurns', () => {
  const calls = [
    { id: 'a', type: 'function', function: { name: 'clock', arguments: '{}' } },
    { id: 'b', type: 'function', function: { name: 'weather', arguments: '{}' } },
  ];

  it('pairs a result with its call by id, whatever the order', () => {
    const turns = conversationTurns([m('assistant', { tool_calls: calls }), m('tool', { tool_call_id: 'b' }, 't1'), m('tool', { tool_call_id: 'a' }, 't2')]);
    assert.deepEqual(pairs(turns), ['t1->b', 't2->a']);
  });

  it('pairs a result without id by name', () => {
    const turns = conversationTurns([m('assistant', { tool_calls: calls }), m('tool', { name: 'weather' }, 't1'), m('tool', { name: 'clock' }, 't2')]);
    assert.deepEqual(pairs(turns), ['t1->b', 't2->a']);
  });

  it('pairs a result with neither id nor name with the first unanswered call', () => {
    const turns = conversationTurns([m('assistant', { tool_calls: calls }), m('tool', {}, 't1'), m('tool', {}, 't2')]);
    assert.deepEqual(pairs(turns), ['t1->a', 't2->b']);
  });

  it('drops a conversation with more results than calls', () => {
    const turns = conversationTurns([m('assistant', { tool_calls: [calls[0]] }), m('tool', {}, 't1'), m('tool', {}, 't2')]);
    assert.equal(pairs(turns), 'tool result t2 has no call to pair with');
  });

  it('drops a result naming a tool that was not called', () => {
    const turns = conversationTurns([m('assistant', { tool_calls: [calls[0]] }), m('tool', { name: 'weather' }, 't1')]);
    assert.equal(pairs(turns), 'tool result t1 has no call to pair with');
  });

  it('drops a role trainers do not know, such as the deprecated function role', () => {
    assert.deepEqual(conversationTurns([m('function', {}, 'f1')]), { dropped: 'record f1 has role "function", which trainers do not accept' });
  });
});
