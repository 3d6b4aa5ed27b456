import { toRustJson } from '../json/rustJson';
import { ExportManifest, manifestTree, recordIdsOf } from './manifest';

/** Ids per piece of text handed to `write`: a few hundred kilobytes. */
const IDS_PER_PIECE = 4096;

/**
 * Writes exactly `toRustJson(manifestToJson(manifest), true, indent)` to
 * `write`, in pieces: the record ids go out a few thousand at a time from
 * `recordIdsOf`, so neither an array of every id nor the whole text is built.
 */
export function writeManifestJson(manifest: ExportManifest, write: (text: string) => void, indent = ''): void {
  const ids = recordIdsOf(manifest);
  const text = toRustJson(manifestTree(manifest, []), true, indent);
  if (ids.count === 0) {
    write(text);
    return;
  }
  // A top-level key's line: nested keys are indented further and strings hold no raw newline, so this occurs once.
  const emptyIds = `\n${indent}  "source_record_ids": []`;
  const open = text.indexOf(emptyIds) + emptyIds.length - 1; // the `]` of `[]`
  write(text.slice(0, open));
  const inner = `\n${indent}    `;
  let piece = '';
  let inPiece = 0;
  let first = true;
  ids.forEach((id) => {
    piece += (first ? inner : `,${inner}`) + JSON.stringify(id);
    first = false;
    if (++inPiece === IDS_PER_PIECE) {
      write(piece);
      piece = '';
      inPiece = 0;
    }
  });
  write(`${piece}\n${indent}  ${text.slice(open)}`);
}

/** Writes `toRustJson(manifests.map(manifestToJson), true)` in pieces (the CLI's `export --json`). */
export function writeManifestsJson(manifests: readonly ExportManifest[], write: (text: string) => void): void {
  if (manifests.length === 0) {
    write('[]');
    return;
  }
  manifests.forEach((manifest, i) => {
    write(i === 0 ? '[\n  ' : ',\n  ');
    writeManifestJson(manifest, write, '  ');
  });
  write('\n]');
}
