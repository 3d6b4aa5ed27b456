import * as assert from 'node:assert/strict';
import { rebuildMessage } from '../../../src/core/formats/sourceMessage';
import { ingestMessages, withoutRawMessage } from './ingestedRecords';

describe('rebuildMessage', () => {
  it('takes metadata.raw_message when its role matches the record', () => {
    const [record] = ingestMessages('s', [{ role: 'assistant', content: 'Checking.', tool_calls: [{ name: 'clock', arguments: {} }] }]);
    assert.deepEqual(rebuildMessage(record), { role: 'assistant', content: 'Checking.', tool_calls: [{ name: 'clock', arguments: {} }], recordId: 's-r1' });
  });

  it('ignores a raw_message of another role and falls back to the text', () => {
    const record = { id: 'r', role: 'user', text: 'hi', contentType: 'text/plain', metadata: { raw_message: { role: 'assistant', content: 'no' } } };
    assert.deepEqual(rebuildMessage(record), { role: 'user', content: 'hi', recordId: 'r' });
  });

  it('parses an application/json payload as the message without its role', () => {
    const [record] = withoutRawMessage(ingestMessages('s', [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{}' } }] }]));
    assert.equal(record.contentType, 'application/json');
    assert.deepEqual(rebuildMessage(record), { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{}' } }], recordId: 's-r1' });
  });

  it('reads a JSON-dumped parts list as the content', () => {
    const [record] = withoutRawMessage(ingestMessages('s', [{ role: 'user', content: [{ type: 'text', text: 'a' }] }]));
    assert.deepEqual(rebuildMessage(record), { role: 'user', content: [{ type: 'text', text: 'a' }], recordId: 's-r1' });
  });

  it('writes a null payload as empty content and lower-cases the role', () => {
    assert.deepEqual(rebuildMessage({ id: 'r', role: 'User', text: null, contentType: 'text/plain' }), { role: 'user', content: '', recordId: 'r' });
  });
});
