import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurationSession, ExportOptions, exportTraining } from '../../../src/core';
import { countingThreads } from '../../../src/core/formats/textCounting';
import { createTokenCounter } from '../../../src/core/formats/tokenCounter';
import { buildManyExamplesStore } from '../../helpers/manyExamplesStore';
import { outputFilesOf } from '../../helpers/outputFiles';
import { useTempDir } from '../../helpers/tempDir';
import { seeded } from '../../helpers/vectors';

const REFERENCE_TIME = '2030-01-01T00:00:00Z';

/** The files of one export of `store`, token counts taken on worker threads or in place. */
async function exportFiles(store: string, dir: string, options: ExportOptions, threads: boolean): Promise<{ files: Map<string, string>; stats: Record<string, any> }> {
  const outDir = path.join(dir, threads ? 'threads' : 'inPlace');
  fs.mkdirSync(outDir, { recursive: true });
  const saved = countingThreads.minGroups;
  countingThreads.minGroups = threads ? 0 : Infinity;
  const session = await CurationSession.open(store);
  try {
    const result = await exportTraining(session, { ...options, referenceTime: REFERENCE_TIME }, path.join(outDir, 'out.jsonl'));
    return { files: outputFilesOf(outDir, 'out'), stats: result.outputs[0].stats as Record<string, any> };
  } finally {
    countingThreads.minGroups = saved;
    await session.close();
  }
}

describe('token counts on worker threads', () => {
  const tmp = useTempDir();

  it('count every text as this thread does (random Unicode, special-token text)', async () => {
    for (const name of ['o200k_base', 'cl100k_base'] as const) {
      const counter = await createTokenCounter(name);
      const counting = counter.threads?.();
      assert.ok(counting, 'the build generated the token-count worker');
      const next = seeded(2112);
      const alphabet = ['a', 'Z', ' ', '  ', '\n', "'s", '1', '234', '.', '/', 'é', '漢', '😀', '\u00a0', '\u0301', '<|endoftext|>', 'word', ' Word'];
      const texts = Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
      const counts = await counting.count(texts);
      assert.deepEqual([...counts], texts.map(counter.count), name);
    }
  });

  for (const [what, options] of [
    ['TRL SFT lines', { task: 'sft', format: 'trl', tokenizer: 'o200k_base' }],
    ['OpenAI preference lines over a token limit', { task: 'preference', form: 'paired', format: 'openai', tokenizer: 'o200k_base', maxTokens: 40 }],
    ['native lines with cl100k counts', { task: 'sft', tokenizer: 'cl100k_base', maxTokens: 80 }],
  ] as [string, ExportOptions][]) {
    it(`write the same files as counting in place: ${what}`, async () => {
      const store = await buildManyExamplesStore(tmp(), 3000);
      const inPlace = await exportFiles(store, tmp(), options, false);
      const threads = await exportFiles(store, tmp(), options, true);
      assert.deepEqual([...threads.files.keys()], [...inPlace.files.keys()]);
      for (const [name, text] of inPlace.files) {
        if (name.endsWith('.run.json')) continue;
        assert.equal(threads.files.get(name), text, `${name} differs when counted on worker threads`);
      }
      assert.deepEqual(threads.stats, inPlace.stats);
      const stats = inPlace.stats;
      assert.ok(stats.example_tokens.count > 0, 'lines were counted');
      if (options.maxTokens !== undefined) assert.ok(stats.excluded_examples > 0, 'the token limit dropped lines');
    });
  }
});
