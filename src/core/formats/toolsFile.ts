import { readFile } from 'node:fs/promises';
import { inputError } from '../errors';
import { normaliseToolSchema, ToolSchema } from './toolSchemas';

/**
 * Reads a tools file (the `--tools` option): a JSON array of tool schemas,
 * or an object with a `tools` array; each entry nested
 * (`{type:"function", function:{name, parameters}}`) or flat
 * (`{name, parameters}`). These tools are written on every example.
 *
 * @throws CuratorError (`input`) naming the file, and the entry when one is bad.
 */
export async function loadToolsFile(file: string): Promise<ToolSchema[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw inputError(`tools file ${file} cannot be read`, { file, cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw inputError(`tools file ${file} is not valid JSON`, { file, cause });
  }
  const list = Array.isArray(value) ? value : (value as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(list)) throw inputError(`tools file ${file} holds neither a list of tools nor an object with a "tools" list`, { file });
  return list.map((entry, index) => {
    const schema = normaliseToolSchema(entry);
    if (!schema) throw inputError(`tools file ${file}: tool ${index + 1} has no function name`, { file, field: `tools[${index}]` });
    return schema;
  });
}
