import * as path from 'node:path';
import * as v from 'valibot';
import type { ExportOptions } from '../core';
import { ExportOptionsSchema } from '../protocol/messages';

/**
 * What the commands accept as their one argument: a node of the stores tree,
 * or an options object for keybindings, tasks and automation:
 * `{ "store": "data/ctx.lance", "out": "exports/sft.jsonl", "task": "sft", ... }`.
 * No VS Code API here, so it is unit-tested alone.
 */
export const CommandArgsSchema = v.strictObject({
  ...ExportOptionsSchema.entries,
  store: v.pipe(v.string(), v.minLength(1)),
  out: v.optional(v.pipe(v.string(), v.minLength(1))),
});

export type CommandArgs = { store: string; out?: string } & ExportOptions;

export type CommandTarget =
  | { kind: 'none' }
  | { kind: 'store'; location: string; version?: number }
  | { kind: 'options'; location: string; out?: string; options: ExportOptions };

/** Reads a command argument; throws a message naming the bad field. */
export function parseCommandArgument(arg: unknown, workspaceRoot: string | undefined): CommandTarget {
  if (arg === undefined || arg === null) return { kind: 'none' };
  if (typeof arg === 'object' && 'kind' in arg && 'location' in arg) {
    const node = arg as { kind: unknown; location: unknown; version?: unknown };
    if (typeof node.location === 'string' && (node.kind === 'store' || node.kind === 'version')) {
      return { kind: 'store', location: node.location, version: typeof node.version === 'number' ? node.version : undefined };
    }
  }
  const result = v.safeParse(CommandArgsSchema, arg);
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`invalid command argument ${v.getDotPath(issue) ?? ''}: ${issue.message}`.replace('  ', ' '));
  }
  const { store, out, ...options } = result.output;
  const resolve = (p: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : path.resolve(workspaceRoot ?? process.cwd(), p));
  return { kind: 'options', location: resolve(store), out: out === undefined ? undefined : resolve(out), options: options as ExportOptions };
}

/** The default output file for a store and task: `<outputDirectory>/<store>-<task>.jsonl`. */
export function defaultOutputPath(workspaceRoot: string, outputDirectory: string, location: string, task: string): string {
  const name = path.basename(location.replace(/[\\/]+$/, '')).replace(/\.lance$/, '');
  return path.resolve(workspaceRoot, outputDirectory, `${name}-${task}.jsonl`);
}
