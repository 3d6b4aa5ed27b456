import { connectLance } from './lanceConnection';
import { CuratorError } from '../errors';
import { guessStoreKind, StoreKind } from './storeKind';
import { resolveStoreLocation } from './storeLocation';

/** What a Lance dataset holds, before opening it as a context store. */
export interface DatasetKind {
  kind: StoreKind;
  /** Why it cannot be curated ("not a context store: looks like a rollout store"), absent for context stores. */
  reason?: string;
}

/**
 * Reads a dataset's schema and guesses its record kind, so the stores tree
 * can grey out rollout, trace, generic and datagen datasets with the reason
 * instead of failing on them.
 *
 * @example
 * const { kind, reason } = await inspectDataset('data/rollouts.lance');
 */
export async function inspectDataset(location: string, options: { storageOptions?: Record<string, string>; cwd?: string } = {}): Promise<DatasetKind> {
  const where = resolveStoreLocation(location, options.cwd);
  let names: string[];
  try {
    const connection = await connectLance(where.parent, options);
    try {
      const table = await connection.openTable(where.table, undefined, { storageOptions: options.storageOptions });
      names = (await table.schema()).fields.map((field) => field.name);
      table.close();
    } finally {
      connection.close();
    }
  } catch (cause) {
    throw new CuratorError('store', `cannot open ${where.uri} as a Lance dataset: ${(cause as Error)?.message ?? String(cause)}`, { file: where.uri, cause });
  }
  const kind = guessStoreKind(names);
  return kind === 'context' ? { kind } : { kind, reason: `not a context store: looks like a ${kind} store` };
}
