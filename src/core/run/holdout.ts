import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRemoteUri } from '../store/remoteUri';
import { CuratorError, fileReadError, inputError } from '../errors';
import { Holdout } from '../curate/stages';
import { extractSignals } from '../listing/recordSignals';
import { listRecords } from '../listing/listRecords';
import { ContextStore } from '../store/contextStore';
import { loadEmbeddings } from '../store/payloadColumns';
import { loadRowTable } from '../store/rowTable';

/**
 * Loads holdout vectors from a JSONL file (each line a JSON array of numbers,
 * or an object with an `embedding` array) or from a context store (the
 * embeddings of its visible records).
 */
export async function loadHoldout(
  location: string,
  options: { cwd?: string; storageOptions?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Holdout> {
  const resolved = isRemoteUri(location) ? location : path.resolve(options.cwd ?? process.cwd(), location);
  const isStore = !resolved.startsWith('/') || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory());
  return isStore ? loadStoreHoldout(resolved, options) : loadFileHoldout(resolved);
}

function loadFileHoldout(file: string): Holdout {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw fileReadError('holdout', file, cause, 'holdout');
  }
  const holdout: Holdout = { vectors: [], lines: [], refs: [], source: file };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = { file, line: i + 1, field: 'embedding' };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw inputError(`${file} line ${i + 1}: not valid JSON (${(cause as Error).message})`, { ...where, cause });
    }
    const vector = Array.isArray(value) ? value : (value as { embedding?: unknown } | null)?.embedding;
    if (!Array.isArray(vector) || vector.length === 0 || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw inputError(
        `${file} line ${i + 1}: expected a JSON array of numbers or an object with an "embedding" array of numbers`,
        where,
      );
    }
    holdout.vectors.push(Float32Array.from(vector as number[]));
    holdout.lines.push(i + 1);
    holdout.refs.push(`line ${i + 1}`);
  }
  return holdout;
}

async function loadStoreHoldout(
  location: string,
  options: { storageOptions?: Record<string, string>; signal?: AbortSignal },
): Promise<Holdout> {
  const store = await ContextStore.open(location, { storageOptions: options.storageOptions });
  try {
    if (store.info.embeddingDim === null) {
      throw inputError(`holdout store ${store.uri} has no embedding column`, { file: store.uri, field: 'embedding' });
    }
    const table = await loadRowTable(store, { signal: options.signal });
    const signals = extractSignals(table);
    const listing = listRecords(table, signals, { signal: options.signal });
    const embeddings = await loadEmbeddings(store, table, listing.rows, { signal: options.signal });
    const holdout: Holdout = { vectors: [], lines: [], refs: [], source: store.uri };
    listing.rows.forEach((row, index) => {
      const slot = embeddings.slot[row];
      if (slot < 0) return;
      holdout.vectors.push(embeddings.data.slice(slot * embeddings.dim, (slot + 1) * embeddings.dim));
      holdout.lines.push(index + 1);
      holdout.refs.push(`record ${table.id.at(row)}`);
    });
    return holdout;
  } finally {
    store.close();
  }
}

/** Refuses a holdout whose vectors cannot be compared with the store's embeddings. */
export function checkHoldoutDimension(holdout: Holdout, storeDim: number | null, storeUri: string): void {
  for (let i = 0; i < holdout.vectors.length; i++) {
    const dim = holdout.vectors[i].length;
    if (storeDim === null) {
      throw inputError(`${storeUri} has no embedding column, so it cannot be decontaminated against ${holdout.source}`, {
        file: storeUri,
        field: 'embedding',
      });
    }
    if (dim !== storeDim) {
      throw inputError(
        `${holdout.source} ${holdout.refs[i]}: embedding has ${dim} dimensions, but ${storeUri} stores ${storeDim}-dimensional embeddings`,
        { file: holdout.source, line: holdout.lines[i], field: 'embedding' },
      );
    }
  }
}
