import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBenchmarkItems } from '../../../src/core/curate/text/benchmarkItems';
import { useTempDir } from '../../helpers/tempDir';

describe('benchmark items', () => {
  const dir = useTempDir();
  const write = (name: string, content: string) => {
    const file = path.join(dir(), name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('reads JSONL files and text files in the order given, with each item\'s 1-based line', () => {
    const jsonl = write('eval.jsonl', '{"text":"first item here"}\n\n{"text":"second item","id":2}\r\n');
    const txt = write('more.txt', 'a line item\n\nanother line\n');
    assert.deepEqual(loadBenchmarkItems([jsonl, txt]), [
      { file: jsonl, line: 1, text: 'first item here' },
      { file: jsonl, line: 3, text: 'second item' },
      { file: txt, line: 1, text: 'a line item' },
      { file: txt, line: 3, text: 'another line' },
    ]);
  });

  it('takes the item text from the field named by the caller', () => {
    const file = write('gsm.jsonl', '{"question":"how many apples","answer":"3"}\n');
    assert.deepEqual(loadBenchmarkItems([file], { field: 'question' }).map((item) => item.text), ['how many apples']);
  });

  it('names the file when it cannot be read', () => {
    const file = path.join(dir(), 'missing.jsonl');
    assert.throws(() => loadBenchmarkItems([file]), (error: any) => error.name === 'CuratorError' && error.kind === 'input' && error.details.file === file);
  });

  it('names the file and line of a line that is not JSON', () => {
    const file = write('bad.jsonl', '{"text":"ok"}\n{"text": nope}\n');
    assert.throws(
      () => loadBenchmarkItems([file]),
      (error: any) => error.kind === 'input' && error.details.file === file && error.details.line === 2 && /line 2: not valid JSON/.test(error.message),
    );
  });

  it('names the file, line and field when the field is missing or not a string', () => {
    const file = write('field.jsonl', '{"text":"ok"}\n{"prompt":"x"}\n');
    assert.throws(
      () => loadBenchmarkItems([file]),
      (error: any) => error.details.line === 2 && error.details.field === 'text' && error.message.includes(file),
    );
    const numeric = write('numeric.jsonl', '{"text":5}\n');
    assert.throws(() => loadBenchmarkItems([numeric]), (error: any) => error.details.line === 1);
  });
});
