import { FormatRecord } from './formatExample';

/** A tool's JSON schema in the shape both TRL and OpenAI take: `{type:"function", function:{name, …}}`. */
export interface ToolSchema {
  type: 'function';
  function: { name: string; [key: string]: unknown };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One tool definition in the common shape: the nested form as is, a flat
 * `{name, description, parameters}` wrapped; undefined when it names no function.
 */
export function normaliseToolSchema(entry: unknown): ToolSchema | undefined {
  if (!isObject(entry)) return undefined;
  const fn = isObject(entry.function) ? entry.function : entry;
  if (typeof fn.name !== 'string' || fn.name === '') return undefined;
  const { type: _type, ...rest } = fn;
  return { type: 'function', function: { ...rest, name: fn.name } };
}

function toolsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The tools an example's records declare (`metadata.raw_message.tools` or
 * `metadata.tools`), first definition of each name kept, in record order.
 * Entries that name no function are skipped.
 */
export function collectRecordTools(records: Iterable<FormatRecord>): ToolSchema[] {
  const byName = new Map<string, ToolSchema>();
  for (const record of records) {
    const metadata = record.metadata;
    if (!metadata) continue;
    const raw = isObject(metadata.raw_message) ? metadata.raw_message : undefined;
    for (const entry of [...toolsOf(raw?.tools), ...toolsOf(metadata.tools)]) {
      const schema = normaliseToolSchema(entry);
      if (schema && !byName.has(schema.function.name)) byName.set(schema.function.name, schema);
    }
  }
  return [...byName.values()];
}
