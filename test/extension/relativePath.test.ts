import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputFileProblem, relativeToBase, resolveAgainst } from '../../src/extension/relativePath';
import { makeTempDir } from '../helpers/tempDir';

describe('paths the user types, taken against the store\'s workspace folder', () => {
  it('resolves a relative output name in the workspace folder, not at the file system root', () => {
    assert.equal(resolveAgainst('/ws', 'exports/x.jsonl'), '/ws/exports/x.jsonl');
    assert.equal(resolveAgainst('/ws', './x.jsonl'), '/ws/x.jsonl');
    assert.equal(resolveAgainst('/ws', '/data/x.jsonl'), '/data/x.jsonl');
    assert.equal(resolveAgainst('/ws', 's3://bucket/holdout.lance'), 's3://bucket/holdout.lance');
  });

  it('shows a file inside the workspace relative to it for editing, one outside in full', () => {
    assert.equal(relativeToBase('/ws', '/ws/exports/demo-sft.jsonl'), 'exports/demo-sft.jsonl');
    assert.equal(relativeToBase('/ws', '/elsewhere/demo-sft.jsonl'), '/elsewhere/demo-sft.jsonl');
    assert.equal(relativeToBase('/ws', '/ws'), '/ws');
  });

  it('refuses an output that is empty, a folder or remote, and accepts a new file in a new folder', () => {
    const tmp = makeTempDir('lance-curator-out-');
    try {
      fs.mkdirSync(path.join(tmp.dir, 'exports'));
      assert.match(outputFileProblem(tmp.dir, '  ') ?? '', /enter a file name/);
      assert.match(outputFileProblem(tmp.dir, 'exports') ?? '', /is a folder/);
      assert.match(outputFileProblem(tmp.dir, 'exports/') ?? '', /names a folder/);
      assert.match(outputFileProblem(tmp.dir, 's3://bucket/x.jsonl') ?? '', /local path/);
      assert.equal(outputFileProblem(tmp.dir, 'new/x.jsonl'), undefined);
    } finally {
      tmp.cleanup();
    }
  });
});
