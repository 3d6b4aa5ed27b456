import * as arrow from 'apache-arrow';
import { ContextRecord, ContextStore, resolveStoreLocation } from '../../src/core';
import { recordsToArrow } from '../../src/core/import/recordsToArrow';
import { writeArrowTable } from '../../src/core/store/arrowIpcWriter';

/** Appends `record` with raw `metadata` text (e.g. invalid JSON), which the importer would never write. */
export async function appendWithRawMetadata(store: string, record: ContextRecord, metadataText: string): Promise<void> {
  const opened = await ContextStore.open(store, { allowUnmergedWal: true });
  const table = recordsToArrow([record], opened.schema);
  opened.close();
  const builder = arrow.makeBuilder({ type: table.getChild('metadata')!.type, nullValues: [null] });
  builder.append(metadataText);
  const columns = Object.fromEntries(
    table.schema.fields.map((field) => [field.name, field.name === 'metadata' ? builder.finish().toVector() : table.getChild(field.name)!]),
  );
  await writeArrowTable(resolveStoreLocation(store), new arrow.Table(table.schema, columns as Record<string, arrow.Vector>));
}
