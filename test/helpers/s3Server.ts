import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
// s3rver ships no types; this is the part the tests use.
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface FilesystemStore {
  listObjects(bucket: string, options: { delimiter?: string; startAfter?: string; prefix?: string; maxKeys?: number }): Promise<ListResult>;
}
const FilesystemStore = require('s3rver/lib/stores/filesystem') as { prototype: FilesystemStore };

/**
 * s3rver 3.7.1 leaves out a common prefix whose "directory" holds only deeper
 * keys (it never walks below the delimiter), so `_mem_wal/<shard>/` never
 * lists and the LSM reader sees no shard. Real S3 lists it; this lists
 * without the delimiter and folds the prefixes itself.
 */
function patchCommonPrefixes(): void {
  const proto = FilesystemStore.prototype as FilesystemStore & { patched?: boolean };
  if (proto.patched) return;
  const original = proto.listObjects;
  proto.listObjects = async function (bucket, options) {
    const { delimiter, prefix = '', maxKeys = Infinity } = options;
    if (!delimiter) return original.call(this, bucket, options);
    const all = await original.call(this, bucket, { ...options, delimiter: undefined, maxKeys: Infinity });
    const prefixes = new Set<string>();
    const objects = [];
    for (const object of all.objects) {
      const idx = object.key.slice(prefix.length).indexOf(delimiter);
      if (idx === -1) objects.push(object);
      else prefixes.add(object.key.slice(0, prefix.length + idx + 1));
    }
    return { objects: objects.slice(0, maxKeys), commonPrefixes: [...prefixes].sort(), isTruncated: objects.length > maxKeys };
  };
  proto.patched = true;
}

/** The key pair s3rver checks signatures against. */
export const S3_KEY = 'S3RVER';

export interface S3Fixture {
  bucket: string;
  /** `--storage-option` values that reach this server. */
  storageOptions: Record<string, string>;
  /** The same as CLI arguments. */
  storageFlags: string[];
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 at a random port with one empty bucket, data in a fresh temp dir. */
export async function startS3(bucket = 'stores'): Promise<S3Fixture> {
  patchCommonPrefixes();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lance-curator-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const storageOptions = {
    aws_endpoint: `http://127.0.0.1:${port}`,
    aws_access_key_id: S3_KEY,
    aws_secret_access_key: S3_KEY,
    aws_region: 'us-east-1',
    allow_http: 'true',
    aws_virtual_hosted_style_request: 'false',
  };
  return {
    bucket,
    storageOptions,
    storageFlags: Object.entries(storageOptions).flatMap(([key, value]) => ['--storage-option', `${key}=${value}`]),
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
