import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultLabelsLocation, labelsDatasetExists, labelsLocationOf } from '../../src/extension/stores/labelsLocation';
import { useTempDir } from '../helpers/tempDir';

describe('a store\'s labels dataset', () => {
  const tmp = useTempDir();

  it('defaults to <store name>.review/labels.lance beside the store, locally and on object storage', () => {
    assert.equal(defaultLabelsLocation('/ws/data/ctx.lance'), path.join('/ws/data', 'ctx.review', 'labels.lance'));
    assert.equal(defaultLabelsLocation('s3://bucket/stores/ctx.lance/'), 's3://bucket/stores/ctx.review/labels.lance');
  });

  it('takes the store\'s entry of lanceCurator.review.labels, matched by absolute or workspace-relative path or by URI', () => {
    const configured = { 'data/ctx.lance': 'reviews/ctx-labels.lance', 's3://bucket/a.lance': 's3://bucket/labels/a.lance', '/abs/b.lance': '/elsewhere/b-labels.lance' };
    assert.equal(labelsLocationOf('/ws/data/ctx.lance', configured, '/ws'), path.resolve('/ws', 'reviews/ctx-labels.lance'));
    assert.equal(labelsLocationOf('s3://bucket/a.lance/', configured, '/ws'), 's3://bucket/labels/a.lance');
    assert.equal(labelsLocationOf('/abs/b.lance', configured, '/ws'), '/elsewhere/b-labels.lance');
    assert.equal(labelsLocationOf('/ws/data/other.lance', configured, '/ws'), defaultLabelsLocation('/ws/data/other.lance'), 'a store not listed keeps the default');
    assert.equal(labelsLocationOf('/ws/data/ctx.lance', { 'data/ctx.lance': '  ' }, '/ws'), defaultLabelsLocation('/ws/data/ctx.lance'), 'an empty entry keeps the default');
  });

  it('is shown only once a dataset exists there (local), and never probed remotely', () => {
    const labels = path.join(tmp(), 'ctx.review', 'labels.lance');
    assert.equal(labelsDatasetExists(labels), false);
    fs.mkdirSync(path.join(labels, '_versions'), { recursive: true });
    assert.equal(labelsDatasetExists(labels), true);
    assert.equal(labelsDatasetExists('s3://bucket/ctx.review/labels.lance'), false);
  });
});
