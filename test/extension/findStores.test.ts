import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRemoteUri } from '../../src/core/store/remoteUri';
import { findStores, inReviewFolder, resolveConfiguredStore } from '../../src/extension/stores/findStores';
import { useTempDir } from '../helpers/tempDir';

describe('store discovery', () => {
  const tmp = useTempDir();
  const dataset = (...parts: string[]) => {
    const dir = path.join(tmp(), ...parts);
    fs.mkdirSync(path.join(dir, '_versions'), { recursive: true });
    return dir;
  };

  it('finds *.lance directories that hold _versions/', () => {
    const a = dataset('data', 'ctx.lance');
    const b = dataset('nested', 'deeper', 'logs.lance');
    fs.mkdirSync(path.join(tmp(), 'empty.lance'));
    assert.deepEqual(findStores([tmp()]).sort(), [a, b].sort());
  });

  it('skips node_modules and hidden folders', () => {
    dataset('node_modules', 'pkg', 'x.lance');
    dataset('.cache', 'y.lance');
    const kept = dataset('z.lance');
    assert.deepEqual(findStores([tmp()]), [kept]);
  });

  it('never lists a labels dataset in a store\'s review folder as a store, and the watcher ignores its writes', () => {
    const store = dataset('data', 'ctx.lance');
    const labels = dataset('data', 'ctx.review', 'labels.lance');
    assert.deepEqual(findStores([tmp()]), [store]);
    assert.equal(inReviewFolder(path.join(labels, '_versions', '2.manifest')), true);
    assert.equal(inReviewFolder(path.join(store, '_versions', '2.manifest')), false);
  });

  it('stops at the maximum depth', () => {
    const shallow = dataset('a', 'one.lance');
    dataset('a', 'b', 'c', 'd', 'deep.lance');
    assert.deepEqual(findStores([tmp()], { maxDepth: 2 }), [shallow]);
  });

  it('does not look inside a store for more stores', () => {
    const outer = dataset('outer.lance');
    dataset('outer.lance', 'data', 'inner.lance');
    assert.deepEqual(findStores([tmp()]), [outer]);
  });

  it('accepts a store given as a root', () => {
    const store = dataset('ctx.lance');
    assert.deepEqual(findStores([store]), [store]);
  });

  it('resolves configured stores against the workspace and keeps URIs', () => {
    assert.equal(resolveConfiguredStore('data/ctx.lance', '/ws'), '/ws/data/ctx.lance');
    assert.equal(resolveConfiguredStore('s3://bucket/ctx.lance/', '/ws'), 's3://bucket/ctx.lance');
    assert.equal(resolveConfiguredStore('file:///abs/ctx.lance', '/ws'), '/abs/ctx.lance');
    assert.ok(isRemoteUri('gs://b/x.lance') && isRemoteUri('az://c/x.lance') && isRemoteUri('s3://b/x.lance') && isRemoteUri('s3+ddb://b/x.lance'));
    assert.ok(!isRemoteUri('/x.lance') && !isRemoteUri('file:///x.lance') && !isRemoteUri('x.lance'));
  });
});
