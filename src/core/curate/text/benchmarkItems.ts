import * as fs from 'node:fs';
import { CuratorError, fileReadError, inputError } from '../../errors';

/** One benchmark item to decontaminate against, and where it came from. */
export interface BenchmarkItem {
  /** The file as given. */
  file: string;
  /** 1-based line of the item in the file. */
  line: number;
  /** The item's raw text. */
  text: string;
}

export interface BenchmarkFileOptions {
  /** JSONL field holding the item's text (default `text`). Ignored for .txt files. */
  field?: string;
}

/**
 * Loads benchmark items from files, in the order given (`--benchmark`,
 * repeatable): a `.txt` file is one item per line; any other file is JSONL
 * with the item's text in `field`. Blank lines are skipped but still counted,
 * so evidence names the line a person sees in an editor.
 *
 * @throws CuratorError (input) naming the file, and the line for a bad JSON line or a missing field.
 */
export function loadBenchmarkItems(files: readonly string[], options: BenchmarkFileOptions = {}): BenchmarkItem[] {
  const items: BenchmarkItem[] = [];
  for (const file of files) {
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch (cause) {
      throw fileReadError('benchmark', file, cause, 'benchmark');
    }
    items.push(...parseBenchmarkItems(content, file, options));
  }
  return items;
}

/** {@link loadBenchmarkItems} for one file's content already in memory. */
export function parseBenchmarkItems(content: string, file: string, options: BenchmarkFileOptions = {}): BenchmarkItem[] {
  const field = options.field ?? 'text';
  const plain = file.toLowerCase().endsWith('.txt');
  const items: BenchmarkItem[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const line = i + 1;
    if (plain) {
      items.push({ file, line, text: raw });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw inputError(`benchmark ${file} line ${line}: not valid JSON (${(cause as Error).message})`, { file, line, cause });
    }
    const text = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[field] : undefined;
    if (typeof text !== 'string') {
      throw inputError(`benchmark ${file} line ${line}: expected an object with a string field "${field}"`, { file, line, field });
    }
    items.push({ file, line, text });
  }
  return items;
}
