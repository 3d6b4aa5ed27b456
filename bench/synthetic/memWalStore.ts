import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildContextSchema, ContextRecord, resolveStoreLocation } from '../../src/core';
import { writeThroughMemWal } from '../../src/core/store/memWalWriter';
import { recordsToArrow } from '../../src/core/store/recordsToArrow';
import { writeArrowTable } from '../../src/core/store/arrowIpcWriter';
import { SyntheticSessions, SyntheticStoreOptions } from './syntheticStore';

/** Bump when the output changes, so cached stores are rebuilt. */
const GENERATOR_VERSION = 1;

export interface MemWalStoreOptions extends SyntheticStoreOptions {
  /** Fraction of the records whose newest row sits in the write-ahead log (half new records, half rewrites of base ones). */
  walFraction: number;
  /** Flushed generations the log rows are spread over. */
  generations: number;
}

/**
 * A synthetic store as lance-context writes it today: the same sessions as
 * the base-only synthetic store, but the last records and rewrites of earlier
 * ones put through the MemWAL (one bucket, so each generation is one call).
 * Cached under `root` with a `.complete` marker.
 */
export async function ensureMemWalStore(options: MemWalStoreOptions, log: (message: string) => void, root: string): Promise<string> {
  const key = `memwal-n${options.records}-d${options.dim}-w${options.walFraction}-g${options.generations}-s${options.seed}-v${GENERATOR_VERSION}`;
  const store = path.join(root, `${key}.lance`);
  const marker = `${store}.complete`;
  if (fs.existsSync(marker)) return store;
  fs.rmSync(store, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const started = Date.now();
  const walRows = Math.round(options.records * options.walFraction);
  const added = Math.floor(walRows / 2);
  const rewritten = walRows - added;
  const baseCount = options.records - added;
  const rewriteEvery = Math.max(1, Math.floor(baseCount / rewritten));
  const generator = new SyntheticSessions(options);
  const schema = buildContextSchema({ embeddingDim: options.dim, distanceMetric: 'cosine' });
  const location = resolveStoreLocation(store);
  const rewrites: ContextRecord[] = [];
  for (let written = 0; written < baseCount; ) {
    const records = generator.take(Math.min(options.chunk, baseCount - written));
    records.forEach((record, i) => {
      if ((written + i) % rewriteEvery === 0 && rewrites.length < rewritten) {
        rewrites.push({ ...record, text_payload: `${record.text_payload ?? ''} (edited)`, created_at: record.created_at + 1 });
      }
    });
    await writeArrowTable(location, recordsToArrow(records, schema));
    written += records.length;
    log(`memwal store: base ${written}/${baseCount} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  // Interleave rewrites with new records, so every generation holds both.
  const log_: ContextRecord[] = [];
  const fresh = generator.take(added);
  for (let i = 0; i < Math.max(fresh.length, rewrites.length); i++) {
    if (i < rewrites.length) log_.push(rewrites[i]);
    if (i < fresh.length) log_.push(fresh[i]);
  }
  const perGeneration = Math.ceil(log_.length / options.generations);
  for (let g = 0; g < options.generations; g++) {
    const slice = log_.slice(g * perGeneration, (g + 1) * perGeneration);
    if (slice.length === 0) break;
    await writeThroughMemWal(location, slice, schema, { numBuckets: 1, singleShard: true });
    log(`memwal store: generation ${g + 1}/${options.generations} (${slice.length} rows, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  fs.writeFileSync(marker, JSON.stringify({ ...options, generator: GENERATOR_VERSION }, null, 2));
  return store;
}
