import * as path from 'node:path';
import * as v from 'valibot';
import type { ExportOptions } from '../core';
import { defaultOutputName } from '../core/export/outputName';
import { ExportOptionsSchema } from '../core/options/exportOptions';
import { isRemoteUri } from '../core/store/remoteUri';

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
  const resolve = (p: string) => (isRemoteUri(p) ? p : path.resolve(workspaceRoot ?? process.cwd(), p));
  return { kind: 'options', location: resolve(store), out: out === undefined ? undefined : resolve(out), options: options as ExportOptions };
}

/**
 * The default output file of an export: `<outputDirectory>/<store>-<task>[-<form>].jsonl`,
 * the folder taken relative to `workspaceRoot`.
 */
export function defaultOutputPath(workspaceRoot: string, outputDirectory: string, location: string, options: ExportOptions): string {
  return path.resolve(workspaceRoot, outputDirectory, defaultOutputName(path.basename(location.replace(/[\\/]+$/, '')), options));
}
