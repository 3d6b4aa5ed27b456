import { strict as assert } from 'node:assert';
import { lossSpansOf } from '../../../src/core/formats/lossSpans';

describe('loss spans in rendered training text', () => {
  const rendered = '<user>hi</user><assistant>hello</assistant><user>again</user><assistant>hello</assistant>';

  it('marks the whole text when the trainer trains the whole sequence', () => {
    assert.deepEqual(lossSpansOf(rendered, { scope: 'sequence', description: '' }, {}), [[0, rendered.length]]);
  });

  it('marks each trained message in order, so a repeated phrase maps to its own turn', () => {
    const line = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'again' }, { role: 'assistant', content: 'hello' }] };
    const spans = lossSpansOf(rendered, { scope: 'messages', trainedMessages: [1, 3], description: '' }, line);
    assert.equal(spans.length, 2);
    assert.ok(spans[0][0] < spans[1][0]);
    for (const [start, end] of spans) assert.equal(rendered.slice(start, end), 'hello');
  });

  it('marks the completion of a preference line and nothing for a prompt-only line', () => {
    const line = { prompt: [{ role: 'user', content: 'again' }], chosen: [{ role: 'assistant', content: 'hello' }] };
    assert.deepEqual(lossSpansOf(rendered, { scope: 'completion', description: '' }, line), [[rendered.indexOf('hello'), rendered.indexOf('hello') + 5]]);
    assert.deepEqual(lossSpansOf(rendered, { scope: 'none', description: '' }, line), []);
  });
});
