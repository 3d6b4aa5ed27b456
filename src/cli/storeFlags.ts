import { Command, InvalidArgumentError } from 'commander';
import { OpenStoreOptions, SessionOptions } from '../core';
import { spillSettingsOf } from '../core/spill/memoryBudget';
import { CliContext } from './cliContext';

function storageOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${text}'`);
  return { ...previous, [text.slice(0, eq)]: text.slice(eq + 1) };
}

export interface StoreFlags {
  storageOption?: Record<string, string>;
  allowUnmergedWal?: boolean;
  memoryBudget?: string;
  tempDir?: string;
}

/** Flags for opening a store, shared by every command that reads one. */
export function addStoreFlags(command: Command): Command {
  return command
    .option('--storage-option <key=value>', 'object-store setting for s3:// gs:// az:// stores (repeatable)', storageOption)
    .option('--allow-unmerged-wal', 'no longer needed (write-ahead-log generations are always read); accepted and ignored');
}

/** Store options from the flags; notes on stderr that `--allow-unmerged-wal` no longer changes anything. */
export function openOptionsOf(flags: StoreFlags, context?: CliContext): OpenStoreOptions {
  if (flags.allowUnmergedWal) {
    context?.stderr('note: --allow-unmerged-wal is no longer needed and is ignored: write-ahead-log generations are always read');
  }
  return { storageOptions: flags.storageOption };
}

/** How a curating command may use memory and disk: changes no byte of any output. */
export function addBudgetFlags(command: Command): Command {
  return command
    .option('--memory-budget <size>', 'memory the run may use, like 512MiB or 2GiB (default 1GiB); texts and metadata past half of it spill to --temp-dir')
    .option('--temp-dir <dir>', 'folder for spill files (default: TMPDIR, else the OS temporary folder; /tmp is often held in memory)');
}

/** Session options from the store and budget flags. */
export function sessionOptionsOf(flags: StoreFlags, context?: CliContext): SessionOptions {
  return { ...openOptionsOf(flags, context), spill: spillSettingsOf(flags, context?.cwd) };
}
