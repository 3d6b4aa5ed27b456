import { throwIfAborted } from '../../errors';
import { normaliseText } from './normaliseText';
import { TextDedupOptions, TextDedupResult, TextUnit } from './textUnit';

/**
 * Greedy exact dedup in listing order: a unit goes when its normalised text
 * equals that of an earlier kept unit, and names the earliest one. Units
 * whose normalised text is empty and units in `options.keep` always stay.
 *
 * @example
 * exactTextDedup([{ id: 'a', text: 'Hi  there' }, { id: 'b', text: 'hi there' }]).duplicates
 * // [{ index: 1, id: 'b', duplicateOf: 'a', duplicateOfIndex: 0, similarity: 1 }]
 */
export function exactTextDedup(units: readonly TextUnit[], options: TextDedupOptions = {}): TextDedupResult {
  const { keep, signal } = options;
  const result: TextDedupResult = { kept: new Uint8Array(units.length), duplicates: [] };
  const firstKept = new Map<string, number>();
  for (let i = 0; i < units.length; i++) {
    if ((i & 0xfff) === 0) throwIfAborted(signal);
    const { id, text } = units[i];
    const normalised = normaliseText(text);
    const earlier = normalised === '' ? undefined : firstKept.get(normalised);
    if (earlier === undefined || keep?.has(id)) {
      result.kept[i] = 1;
      if (earlier === undefined && normalised !== '') firstKept.set(normalised, i);
    } else {
      result.duplicates.push({ index: i, id, duplicateOf: units[earlier].id, duplicateOfIndex: earlier, similarity: 1 });
    }
  }
  return result;
}
