import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as v from 'valibot';
import { inputError } from '../errors';
import { ExportOptions, ExportOptionsSchema } from '../options/exportOptions';
import { applicableDefault } from '../options/optionNeeds';
import { OPTION_KEYS } from '../options/optionSpecs';
import { formatMicros } from '../time/rfc3339';
import { inputFilesOf, inputNoun } from './outputFiles';

/** What one input file was when the run read it. */
export interface InputFileState {
  option: string;
  path: string;
  /** sha256 of the file's bytes; absent for a directory (a store, whose version is recorded instead). */
  sha256?: string;
  bytes?: number;
}

/**
 * `<out>.run.json`: everything needed to run an export again and to tell
 * whether it would read the same things. The manifest keeps export.rs's shape;
 * this record is ours.
 */
export interface RunRecord {
  run_record: 1;
  tool: { name: 'lance-curator'; version: string };
  written_at: string;
  /** The base version read, and how many write-ahead-log records were read on top of it. */
  store: { uri: string; version: number; wal_records?: number };
  out: string;
  /** Every option made explicit: defaults written out, the reference time actually used. */
  options: ExportOptions;
  inputs: InputFileState[];
  outputs: string[];
  /** `--leakage move`: the split groups moved from train to eval, so `--replay` makes the same split. */
  leakage_moved?: string[];
}

const RunRecordSchema = v.looseObject({
  run_record: v.literal(1),
  store: v.looseObject({ uri: v.string(), version: v.number(), wal_records: v.optional(v.number()) }),
  out: v.string(),
  options: ExportOptionsSchema,
  inputs: v.array(v.looseObject({ option: v.string(), path: v.string(), sha256: v.optional(v.string()), bytes: v.optional(v.number()) })),
  leakage_moved: v.optional(v.array(v.string())),
});

/** The options with every default made explicit and the reference time fixed to the one used. */
export function explicitOptions(options: ExportOptions, referenceTimeMicros: number): ExportOptions {
  const explicit: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    // A default is written only where the door takes it (its needs met), so the record replays through the same door.
    const value = options[key] ?? applicableDefault(key, options);
    if (value !== undefined) explicit[key] = value;
  }
  explicit.referenceTime = options.referenceTime ?? formatMicros(referenceTimeMicros);
  return explicit as ExportOptions;
}

/** The state of each local input file of `options`, hashed. */
export function inputStates(options: ExportOptions, cwd?: string): InputFileState[] {
  return inputFilesOf(options, cwd).map(({ option, path }) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      return { option, path };
    }
    if (!stat.isFile()) return { option, path };
    return { option, path, sha256: createHash('sha256').update(fs.readFileSync(path)).digest('hex'), bytes: stat.size };
  });
}

export function buildRunRecord(parts: Omit<RunRecord, 'run_record' | 'tool' | 'written_at'>): RunRecord {
  return {
    run_record: 1,
    tool: { name: 'lance-curator', version: process.env.LANCE_CURATOR_VERSION ?? '0.1.0' },
    written_at: new Date().toISOString(),
    ...parts,
  };
}

/** Reads and checks a run record; errors name the file. */
export function readRunRecord(file: string): RunRecord {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw inputError(`cannot read run record ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { file, cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw inputError(`${file} is not valid JSON: ${(cause as Error).message}`, { file, cause });
  }
  const result = v.safeParse(RunRecordSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    throw inputError(`${file} is not a lance-curator run record: ${v.getDotPath(issue) ?? 'record'}: ${issue.message}`, { file });
  }
  return result.output as unknown as RunRecord;
}

/** How the inputs differ today from what the recorded run read, one sentence each. */
export function inputDifferences(record: RunRecord): string[] {
  const now = new Map(inputStates(record.options).map((state) => [`${state.option}\0${state.path}`, state]));
  const differences: string[] = [];
  for (const before of record.inputs) {
    const after = now.get(`${before.option}\0${before.path}`);
    if (!after || (before.sha256 !== undefined && after.sha256 === undefined)) {
      differences.push(`the ${inputNoun(before.option)} input ${before.path} is gone (the run read ${before.bytes} bytes, sha256 ${before.sha256?.slice(0, 12)}…)`);
    } else if (before.sha256 !== after.sha256) {
      differences.push(
        `the ${inputNoun(before.option)} input ${before.path} changed since the run: sha256 ${before.sha256?.slice(0, 12)}… (${before.bytes} bytes) → ${after.sha256?.slice(0, 12)}… (${after.bytes} bytes)`,
      );
    }
  }
  return differences;
}
