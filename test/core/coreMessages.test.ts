import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CuratorError, EmbeddingLeakageMeasure, NgramIndex } from '../../src/core';
import { DedupOptions } from '../../src/core/curate/dedup';
import { dedupStage } from '../../src/core/curate/dedupStage';
import { EmbeddingColumn } from '../../src/core/store/payloadColumns';
import { RowTable } from '../../src/core/store/rowTable';
import { clusteredVectors } from '../helpers/vectors';
import { describeError } from '../../src/cli/main';
import { describeForUser } from '../../src/extension/describeForUser';

const CORE = path.resolve(__dirname, '../../src/core');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Every string and template text of the core that spells a CLI flag, except an option's `help` (the CLI's help line). */
function flagSpellings(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(CORE)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && node.name.getText() === 'help') return;
      if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        if (/(^|[\s(`'"])--[a-z]/.test(node.text)) found.push(`${path.relative(CORE, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('core messages in each surface’s words', () => {
  it('no core string spells a CLI flag (help lines aside)', () => {
    assert.deepEqual(flagSpellings(), []);
  });

  it('an n-gram length problem names the option, not a record field', () => {
    assert.throws(
      () => NgramIndex.build([], 2),
      (error: unknown) => CuratorError.is(error, 'usage') && error.details.option === 'ngram' && error.details.field === undefined,
    );
  });

  it('the CLI names a kept-ids problem by its flag once, the host by its label', async () => {
    const set = clusteredVectors({ n: 300, dim: 8, seed: 63, topics: 1 });
    const rows = Int32Array.from({ length: set.slots.length }, (_, i) => i);
    const table = { id: Array.from(rows, (row) => `r${row}`) } as unknown as RowTable;
    const embeddings: EmbeddingColumn = { data: set.data, dim: set.dim, slot: set.slots };
    const error = await dedupStage(table, embeddings, rows, 1.5, { keep: new Set(['r0']), maxEdges: 1000 } as DedupOptions).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(CuratorError.is(error, 'usage') && error.details.option === 'keep', String(error));
    assert.match(describeError(error), /^--keep: too many near-duplicate pairs/);
    assert.equal(describeError(error).match(/--keep/g)?.length, 1);
    assert.match(describeForUser(error), /^Keep: too many near-duplicate pairs/);
  });

  it('a leakage check with too many pairs names --leakage-threshold on the CLI and its label in VS Code', async () => {
    const set = clusteredVectors({ n: 300, dim: 8, seed: 63, topics: 1 });
    const error = await EmbeddingLeakageMeasure.build(set, set.slots, 1.5, { maxPairs: 1000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(CuratorError.is(error), String(error));
    assert.match(describeError(error), /^--leakage-threshold: the leakage check .* lower the leakage distance$/);
    assert.match(describeForUser(error), /^Leakage distance \(cosine\): the leakage check /);
    assert.doesNotMatch(describeForUser(error), /--/);
  });

  it('a refused output names --out on the CLI and no flag in VS Code', () => {
    const error = new CuratorError('usage', 'the provenance o.jsonl.provenance.jsonl would overwrite the benchmarks input b.jsonl; write the export elsewhere', { option: 'out' });
    assert.match(describeError(error), /^--out: the provenance/);
    assert.doesNotMatch(describeForUser(error), /--/);
  });
});
