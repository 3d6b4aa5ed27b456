import { Command, InvalidArgumentError } from 'commander';
import { ExportOptions, OpenStoreOptions } from '../core';
import { CliContext } from './cliContext';

/** Parses a number flag, naming the flag and the text on failure. */
export function numberFlag(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a number, got '${text}'`);
    return value;
  };
}

export function integerFlag(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError(`expected a non-negative integer, got '${text}'`);
  return value;
}

function storageOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${text}'`);
  return { ...previous, [text.slice(0, eq)]: text.slice(eq + 1) };
}

/** Flags for opening a store, shared by every command that reads one. */
export function addStoreFlags(command: Command): Command {
  return command
    .option('--storage-option <key=value>', 'object-store setting for s3:// gs:// az:// stores (repeatable)', storageOption)
    .option('--allow-unmerged-wal', 'no longer needed (write-ahead-log generations are always read); accepted and ignored');
}

/** Flags that select and curate records, shared by export and preview. */
export function addCurationFlags(command: Command): Command {
  return addStoreFlags(command)
    .option('--task <task>', 'training shape: sft, preference or rollout', 'sft')
    .option('--form <form>', 'preference form: paired, unpaired or ranked', 'paired')
    .option('--group-by <g>', 'none|session_id|run_id|tenant|source|bot_id|external_id_prefix:<delim>', 'session_id')
    .option('--filter <json>', 'RecordFilters JSON, e.g. \'{"role":"user","created_at":{"gte":"2025-01-01T00:00:00Z"}}\'')
    .option('--include-expired', 'keep records whose expires_at has passed')
    .option('--include-retired', 'keep retired, superseded and non-active records')
    .option('--reference-time <rfc3339>', '"now" for expiry (default: the current time)')
    .option('--min-reward <x>', 'drop records whose numeric metadata.reward is below x', numberFlag('min-reward'))
    .option('--dedup-threshold <x>', 'drop records within cosine distance x of an earlier kept record', numberFlag('dedup-threshold'))
    .option('--holdout <file.jsonl|store>', 'holdout embeddings to decontaminate against')
    .option('--decontaminate-threshold <x>', 'drop records within cosine distance x of a holdout vector', numberFlag('decontaminate-threshold'))
    .option('--at-version <n>', 'export this dataset version (time travel)', integerFlag)
    .option('--split-eval <fraction>', 'write group-disjoint .train/.eval outputs with this eval fraction', numberFlag('split-eval'))
    .option('--split-by <g>', 'grouping the split is disjoint on (default session_id)')
    .option('--split-seed <n>', 'split seed, an unsigned 64-bit integer (default 0)')
    .option('--strict', 'fail on a record whose metadata is not valid JSON instead of skipping it')
    .option('--order <order>', 'record order: created_at (by created_at, then id; reproducible) or scan (storage order)', 'created_at');
}

export interface CurationFlags {
  task: ExportOptions['task'];
  form: ExportOptions['form'];
  groupBy: string;
  filter?: string;
  includeExpired?: boolean;
  includeRetired?: boolean;
  referenceTime?: string;
  minReward?: number;
  dedupThreshold?: number;
  holdout?: string;
  decontaminateThreshold?: number;
  atVersion?: number;
  splitEval?: number;
  splitBy?: string;
  splitSeed?: string;
  strict?: boolean;
  order: ExportOptions['order'];
  storageOption?: Record<string, string>;
  allowUnmergedWal?: boolean;
}

export function exportOptionsOf(flags: CurationFlags): ExportOptions {
  return {
    task: flags.task,
    form: flags.form,
    groupBy: flags.groupBy,
    filter: flags.filter,
    includeExpired: flags.includeExpired,
    includeRetired: flags.includeRetired,
    referenceTime: flags.referenceTime,
    minReward: flags.minReward,
    dedupThreshold: flags.dedupThreshold,
    holdout: flags.holdout,
    decontaminateThreshold: flags.decontaminateThreshold,
    version: flags.atVersion,
    splitEval: flags.splitEval,
    splitBy: flags.splitBy,
    splitSeed: flags.splitSeed,
    strict: flags.strict,
    order: flags.order,
  };
}

/** Store options from the flags; notes on stderr that `--allow-unmerged-wal` no longer changes anything. */
export function openOptionsOf(flags: { storageOption?: Record<string, string>; allowUnmergedWal?: boolean }, context?: CliContext): OpenStoreOptions {
  if (flags.allowUnmergedWal) {
    context?.stderr('note: --allow-unmerged-wal is no longer needed and is ignored: write-ahead-log generations are always read');
  }
  return { storageOptions: flags.storageOption };
}
