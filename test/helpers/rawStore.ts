import * as arrow from 'apache-arrow';
import { ContextRecord, ContextStore, resolveStoreLocation } from '../../src/core';
import { recordsToArrow } from '../../src/core/store/recordsToArrow';
import { writeArrowTable } from '../../src/core/store/arrowIpcWriter';

/** Appends `record` with one column's value replaced by raw data the importer would never write. */
async function appendWithRawColumn(store: string, record: ContextRecord, column: string, value: unknown): Promise<void> {
  const opened = await ContextStore.open(store);
  const table = recordsToArrow([record], opened.schema);
  opened.close();
  const builder = arrow.makeBuilder({ type: table.getChild(column)!.type, nullValues: [null] });
  builder.append(value);
  const columns = Object.fromEntries(
    table.schema.fields.map((field) => [field.name, field.name === column ? builder.finish().toVector() : table.getChild(field.name)!]),
  );
  await writeArrowTable(resolveStoreLocation(store), new arrow.Table(table.schema, columns as Record<string, arrow.Vector>));
}

/** Appends `record` with raw `metadata` text (e.g. invalid JSON). */
export function appendWithRawMetadata(store: string, record: ContextRecord, metadataText: string): Promise<void> {
  return appendWithRawColumn(store, record, 'metadata', metadataText);
}

/** Appends `record` whose blob `text_payload` holds raw bytes (e.g. invalid UTF-8). */
export function appendWithRawText(store: string, record: ContextRecord, bytes: Uint8Array): Promise<void> {
  return appendWithRawColumn(store, record, 'text_payload', bytes);
}
