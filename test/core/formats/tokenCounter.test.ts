import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CuratorError } from '../../../src/core/errors';
import { createTokenCounter } from '../../../src/core/formats/tokenCounter';

const FIXTURE = path.join(__dirname, '../../fixtures/chat-templates/qwen2.5-tools');

describe('createTokenCounter', () => {
  // Published vectors: tiktoken's own tests (tests/test_encoding.py) for cl100k_base "hello world";
  // OpenAI's cookbook ("How to count tokens with tiktoken") for "Hello, world!"; o200k_base "hello world"
  // as transformers.js documents for Xenova/gpt-4o.
  it('encodes "hello world" in cl100k_base as tiktoken does', async () => {
    const counter = await createTokenCounter('cl100k_base');
    assert.deepEqual(counter.encode('hello world'), [15339, 1917]);
    assert.equal(counter.name, 'cl100k_base');
  });

  it('encodes "Hello, world!" in cl100k_base as tiktoken does', async () => {
    assert.deepEqual((await createTokenCounter('cl100k_base')).encode('Hello, world!'), [9906, 11, 1917, 0]);
  });

  it('encodes "hello world" in o200k_base as GPT-4o tokenizers do', async () => {
    const counter = await createTokenCounter('o200k_base');
    assert.deepEqual(counter.encode('hello world'), [24912, 2375]);
    assert.equal(counter.count('hello world'), 2);
  });

  it('counts special-token text as one token, as a model sees it', async () => {
    assert.deepEqual((await createTokenCounter('cl100k_base')).encode('hello <|endoftext|>'), [15339, 220, 100257]);
  });

  it('loads a local tokenizer.json folder offline and counts with it', async () => {
    const counter = await createTokenCounter(FIXTURE);
    assert.deepEqual(counter.encode('hello world'), [11, 15]);
    assert.deepEqual(counter.encode('<|im_start|>hello<|im_end|>'), [16, 11, 17]);
    assert.equal(counter.name, FIXTURE);
  });

  it('loads a tokenizer.json given as a file', async () => {
    assert.equal((await createTokenCounter(path.join(FIXTURE, 'tokenizer.json'))).count('hello world hello'), 3);
  });

  it('refuses a path that holds no tokenizer', async () => {
    await assert.rejects(createTokenCounter(path.join(FIXTURE, 'missing')), (e: unknown) => CuratorError.is(e, 'input') && /cannot be read/.test(e.message));
  });
});

describe('createTokenCounter on chat markup', () => {
  it('counts specials anywhere in the text, not only at its start', async () => {
    const counter = await createTokenCounter('o200k_base');
    const marker = counter.encode('<|endoftext|>');
    assert.equal(marker.length, 1);
    assert.deepEqual(counter.encode('hello world<|endoftext|>hello world'), [24912, 2375, marker[0], 24912, 2375]);
  });
});

describe('createTokenCounter counting fast', () => {
  it('counts as many tokens as it encodes, for repeated and varied text alike', async () => {
    const texts = [
      'hello world',
      'hello world, hello world again: 12345678 and 3.14159',
      'héllo wörld 🎉 \n\n  tabs\tand {"json": [1, 2, 3]} ÄÖÜ 漢字テスト',
      "don't it's we'll THEY'RE   trailing spaces   ",
      'x'.repeat(500),
      'hello world<|endoftext|>hello world',
    ];
    for (const name of ['o200k_base', 'cl100k_base'] as const) {
      const counter = await createTokenCounter(name);
      for (const text of [...texts, ...texts]) assert.equal(counter.count(text), counter.encode(text).length, `${name}: ${text.slice(0, 20)}`);
    }
  });
});
