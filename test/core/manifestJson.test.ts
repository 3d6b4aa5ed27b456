import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { parse as parseLossless } from 'lossless-json';
import { EXPORT_SCHEMA_VERSION, ExportManifest, manifestToJson, manifestWithIds, RecordIds, toRustJson, writeManifestJson, writeManifestsJson } from '../../src/core';
import { addRecords, exportStore, rec } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

/** Every key a manifest may hold, with values that need escaping and a filter that names the ids' key. */
function fields(): Omit<ExportManifest, 'source_record_ids'> {
  return {
    context_uri: 'file:///tmp/a "quoted"\\store.lance',
    version: 7,
    task: 'preference',
    group_by: 'session_id',
    schema_version: EXPORT_SCHEMA_VERSION,
    preference_form: 'paired',
    // A nested key and a string that spell the ids' line must not be taken for it.
    filters: parseLossless('{"source_record_ids":[],"note":"\\n  \\"source_record_ids\\": []","n":1.50}') as ExportManifest['filters'],
    dedup_threshold: 0.1,
    min_reward: 0.5,
    split: { side: 'train', eval_fraction: 0.2, by: 'session_id', seed: 2n ** 63n, complement_path: '/out/x.eval.jsonl' },
    created_at_start: '2025-01-01T00:00:00Z',
    created_at_end: '2025-01-02T00:00:00Z',
    counts: { input_records: 9, after_lifecycle: 9, after_dedup: 8, after_decontaminate: 8, after_reward_filter: 8, examples: 3, after_text_exact: 8 },
    order: 'created_at',
    wal: { included: true, records: 2 },
    format: 'trl',
    tokenizer: 'o200k_base',
    max_tokens: 4096,
    labels: { uri: '/labels.lance', version: 3, events_applied: 2, events_skipped: 1 },
  };
}

/** Ids handed out one by one, counting how often they were walked. */
function idSource(ids: readonly string[]): RecordIds & { walks: number } {
  const source = { count: ids.length, walks: 0, forEach: (visit: (id: string) => void) => (source.walks++, ids.forEach((id) => visit(id))) };
  return source;
}

/** The pieces the writer hands out (copied: it reuses its buffer). */
function streamed(manifest: ExportManifest): Buffer[] {
  const pieces: Buffer[] = [];
  writeManifestJson(manifest, (bytes) => pieces.push(Buffer.from(bytes)));
  return pieces;
}

const text = (pieces: Buffer[]) => Buffer.concat(pieces).toString('utf8');

const ESCAPED = ['plain', 'a"quote', 'back\\slash', 'tab\there', 'nl\nline', 'bell\u0007nul\u0000', '\u001f', 'é-ü-日本', '😀 emoji', '\u2028\u2029', 'del\u007f', '/slash', ''];

describe('manifest JSON, streamed', () => {
  const cases: [string, string[]][] = [
    ['no ids', []],
    ['one id', ['r-1']],
    ['ids that need JSON escapes', ESCAPED],
    ['many ids (several pieces)', Array.from({ length: 10_000 }, (_, i) => `rec-${i}${ESCAPED[i % ESCAPED.length]}`)],
  ];
  for (const [name, ids] of cases) {
    it(`writes exactly toRustJson(manifestToJson(m), true) with ${name}, without reading source_record_ids`, () => {
      const source = idSource(ids);
      const manifest = manifestWithIds(fields(), source);
      const written = text(streamed(manifest));
      assert.equal(source.walks, ids.length > 0 ? 1 : 0, 'the writer walks the ids once (none when there are none), and never builds their array');
      assert.equal(written, toRustJson(manifestToJson({ ...fields(), source_record_ids: ids }), true));
      assert.equal(written, toRustJson(manifestToJson(manifest), true), 'readers see the same ids');
      assert.deepEqual(manifest.source_record_ids, ids);
      assert.deepEqual(JSON.parse(written).source_record_ids, ids);
    });
  }

  it('hands the ids out in bounded pieces, never as one string', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `record-${i}`);
    const pieces = streamed(manifestWithIds(fields(), idSource(ids)));
    assert.ok(pieces.length > 3, `${pieces.length} pieces`);
    assert.ok(Math.max(...pieces.map((piece) => piece.length)) <= 1 << 20, 'no piece is over a MiB');
  });

  it('writes a plain manifest (an array of ids) and the least manifest the same way', () => {
    const plain: ExportManifest = { ...fields(), source_record_ids: ESCAPED };
    assert.equal(text(streamed(plain)), toRustJson(manifestToJson(plain), true));
    const least: ExportManifest = { context_uri: 'x', version: 1, task: 'sft', group_by: 'none', schema_version: EXPORT_SCHEMA_VERSION, source_record_ids: ['a'], counts: fields().counts };
    assert.equal(text(streamed(least)), toRustJson(manifestToJson(least), true));
  });

  it('writes a list of manifests as toRustJson writes the list (export --json)', () => {
    for (const manifests of [[], [manifestWithIds(fields(), idSource(ESCAPED))], [manifestWithIds(fields(), idSource(['a', 'b'])), manifestWithIds(fields(), idSource([]))]]) {
      const pieces: Buffer[] = [];
      writeManifestsJson(manifests, (bytes) => pieces.push(Buffer.from(bytes)));
      assert.equal(text(pieces), toRustJson(manifests.map(manifestToJson), true));
    }
  });

  describe('in an export', () => {
    const tmp = useTempDir();
    it('writes the manifest file as toRustJson writes the returned manifest', async () => {
      const ids = ['u"1', 'a\\1', 'ü\n2', 'c\u00013'];
      await addRecords(
        tmp(),
        ids.map((id, i) => rec(id, i % 2 ? 'assistant' : 'user', `text ${i}`, i, { session_id: `s${i >> 1}` })),
      );
      const { out, result } = await exportStore(tmp(), { task: 'sft', order: 'scan' });
      const written = fs.readFileSync(`${out}.manifest.json`, 'utf8');
      assert.deepEqual(JSON.parse(written).source_record_ids, ids);
      assert.equal(written, toRustJson(manifestToJson(result.manifest), true));
    });
  });
});
