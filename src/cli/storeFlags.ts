import { Command, InvalidArgumentError } from 'commander';
import { OpenStoreOptions } from '../core';
import { CliContext } from './cliContext';

function storageOption(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${text}'`);
  return { ...previous, [text.slice(0, eq)]: text.slice(eq + 1) };
}

export interface StoreFlags {
  storageOption?: Record<string, string>;
  allowUnmergedWal?: boolean;
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
