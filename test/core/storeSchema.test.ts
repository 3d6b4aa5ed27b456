import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as arrow from 'apache-arrow';
import { buildContextSchema, ContextStore, CurationSession, DISTANCE_METRIC_KEY, importRecords, planExport } from '../../src/core';
import { readRecords } from '../../src/core/store/decodeRecords';
import { decodeRecords } from '../../src/core/store/decodeRecords';
import { rec, emb, DIM } from '../helpers/records';
import { useTempDir } from '../helpers/tempDir';

describe('store schema', () => {
  const tmp = useTempDir();

  it('writes lance-context\'s schema: LargeUtf8 metadata and payload, LargeBinary blobs, dictionary roles, µs timestamps, metric', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    await importRecords(store, [rec('a', 'user', 'hi', 1, { embedding: emb(1) })], { dim: DIM, schema: { distanceMetric: 'cosine' } });
    const opened = await ContextStore.open(store);
    const types = Object.fromEntries(opened.schema.fields.map((f) => [f.name, String(f.type)]));
    assert.equal(types.metadata, 'LargeUtf8');
    assert.equal(types.text_payload, 'LargeUtf8');
    assert.equal(types.binary_payload, 'LargeBinary');
    assert.equal(types.role, 'Dictionary<Int8, Utf8>');
    assert.equal(types.created_at, 'Timestamp<MICROSECOND>');
    assert.equal(types.state_metadata, 'Struct<{step:Int32, active_plan_id:Utf8, tokens_used:Int32, custom:Utf8}>');
    assert.equal(types.relationships, 'List<Struct<{target_id:Utf8, relation:Utf8, weight:Float32}>>');
    assert.equal(types.embedding, `FixedSizeList[${DIM}]<Float32>`);
    assert.equal(opened.schema.metadata.get(DISTANCE_METRIC_KEY), 'cosine');
    assert.equal(opened.schema.fields.find((f) => f.name === 'id')!.metadata.get('lance-schema:unenforced-primary-key'), 'true');
    assert.equal(opened.schema.fields.find((f) => f.name === 'id')!.nullable, false);
    assert.deepEqual(opened.schema.fields.map((f) => f.name), buildContextSchema({ embeddingDim: DIM }).fields.map((f) => f.name));
    assert.equal(opened.info.distanceMetric, 'cosine');
    opened.close();
  });

  it('decodes every column back without loss (µs timestamps, struct, relationships, blobs, vectors)', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    const original = rec('a', 'assistant', 'héllo 😀', 1, {
      created_at: 1_700_000_001_123_457,
      external_id: 'ext-1',
      tenant: 't',
      source: 's',
      bot_id: 'b',
      state_metadata: { step: 3, active_plan_id: 'plan', tokens_used: 12, custom: '{"k":1}' },
      metadata: { reward: 0.5, tags: ['x'] },
      relationships: [{ target_id: 'z', relation: 'follows', weight: 0.5 }],
      expires_at: 1_800_000_000_000_001,
      retention_policy: 'keep',
      retired_reason: 'n/a',
      supersedes_id: 'old',
      binary_payload: Uint8Array.from([0, 1, 255]),
      payload_uri: 's3://b/k',
      payload_size: 2 ** 40,
      payload_checksum: 'sha256:00',
      embedding: emb(0.25, -1.5, 3),
    });
    await importRecords(store, [original], { dim: DIM });
    const [decoded] = await readRecords(await ContextStore.open(store));
    assert.deepEqual({ ...decoded, embedding: Array.from(decoded.embedding!), binary_payload: Array.from(decoded.binary_payload!) }, {
      ...original,
      embedding: [0.25, -1.5, 3, 0],
      binary_payload: [0, 1, 255],
    });
  });

  it('reads older stores that lack every optional column group', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    await importRecords(store, [rec('u', 'user', 'question', 1), rec('a', 'assistant', 'answer', 2)], {
      dim: DIM,
      schema: { omit: ['external_id', 'tenant_source', 'metadata', 'relationships', 'lifecycle', 'payload_reference'] },
    });
    const opened = await ContextStore.open(store);
    assert.equal(opened.schema.fields.some((f) => f.name === 'lifecycle_status'), false);
    assert.match(opened.info.generation, /older \(no external_id, tenant_source, metadata, relationships, lifecycle, payload_reference\)/);
    const [first] = await readRecords(opened);
    assert.equal(first.lifecycle_status, 'active');
    assert.deepEqual(first.relationships, []);
    assert.equal(first.tenant, null);
    const session = CurationSession.fromStore(opened);
    const plan = await planExport(session, { filter: '{"tenant":"acme"}' });
    assert.equal(plan.output.counts.input_records, 0, 'tenant filter falls back to (missing) metadata');
    const all = await planExport(session, { stats: true });
    assert.equal(all.output.counts.examples, 1);
    assert.deepEqual(all.output.stats.by_tenant, { __none__: 2 });
    await session.close();
  });

  it('reads text_payload stored as LargeBinary (a blob column) as UTF-8', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    await importRecords(store, [rec('u', 'user', 'bytes → text', 1)], { dim: DIM, schema: { textPayloadAsBinary: true } });
    const opened = await ContextStore.open(store);
    assert.equal(String(opened.schema.fields.find((f) => f.name === 'text_payload')!.type), 'LargeBinary');
    assert.equal(opened.info.textPayloadIsBinary, true);
    const plan = await planExport(CurationSession.fromStore(opened), {});
    assert.equal(JSON.parse(plan.output.examples[0].line).messages[0].content, 'bytes → text');
    opened.close();
  });

  it('reads a store without an embedding column', async () => {
    const store = path.join(tmp(), 'ctx.lance');
    await importRecords(store, [rec('u', 'user', 'x', 1)], { dim: DIM });
    const opened = await ContextStore.open(store);
    const batch = new arrow.Table(buildContextSchema({ embeddingDim: null }));
    assert.equal(decodeRecords(batch).length, 0);
    assert.ok(fs.existsSync(path.join(store, '_versions')));
    opened.close();
  });
});
