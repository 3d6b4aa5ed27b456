import { JsonByteWriter } from '../json/jsonByteWriter';
import { toRustJson } from '../json/rustJson';
import { ExportManifest, manifestTree, recordIdsOf } from './manifest';

/** Bytes handed to the sink at a time. */
const PIECE_BYTES = 1 << 20;

/**
 * Writes exactly the UTF-8 of `toRustJson(manifestToJson(manifest), true, indent)`
 * to `sink`, a buffer at a time (the sink consumes it before returning: the
 * buffer is reused). The record ids are encoded one by one from
 * `recordIdsOf` into the buffer, so neither an array of every id nor a
 * string of them is ever built.
 */
export function writeManifestJson(manifest: ExportManifest, sink: (bytes: Buffer) => void, indent = ''): void {
  const out = new JsonByteWriter(sink, PIECE_BYTES);
  writeManifest(manifest, out, indent);
  out.flush();
}

/** Writes `toRustJson(manifests.map(manifestToJson), true)` the same way (the CLI's `export --json`). */
export function writeManifestsJson(manifests: readonly ExportManifest[], sink: (bytes: Buffer) => void): void {
  const out = new JsonByteWriter(sink, PIECE_BYTES);
  if (manifests.length === 0) out.raw('[]');
  manifests.forEach((manifest, i) => {
    out.raw(i === 0 ? '[\n  ' : ',\n  ');
    writeManifest(manifest, out, '  ');
  });
  if (manifests.length > 0) out.raw('\n]');
  out.flush();
}

function writeManifest(manifest: ExportManifest, out: JsonByteWriter, indent: string): void {
  const ids = recordIdsOf(manifest);
  const text = toRustJson(manifestTree(manifest, []), true, indent);
  if (ids.count === 0) {
    out.raw(text);
    return;
  }
  // A top-level key's line: nested keys are indented further and strings hold no raw newline, so this occurs once.
  const emptyIds = `\n${indent}  "source_record_ids": []`;
  const close = text.indexOf(emptyIds) + emptyIds.length - 1; // the `]` of `[]`
  out.raw(text.slice(0, close));
  const first = `\n${indent}    `;
  const next = Buffer.from(`,${first}`);
  out.raw(first);
  if (ids.rows) {
    // Straight from the id bytes (valid UTF-8), else decoded as every reader of the manifest decodes them.
    const { ids: column, rows } = ids.rows;
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) out.rawBytes(next);
      const row = rows[i];
      out.columnString(column, row, () => column.at(row));
    }
  } else {
    let separated = false;
    ids.forEach((id) => {
      if (separated) out.rawBytes(next);
      out.string(id);
      separated = true;
    });
  }
  out.raw(`\n${indent}  ${text.slice(close)}`);
}
