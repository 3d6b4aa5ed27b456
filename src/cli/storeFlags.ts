import { Command, InvalidArgumentError } from 'commander';
import { OpenStoreOptions } from '../core';

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
    .option('--allow-unmerged-wal', 'read the base table even when _mem_wal/ holds unmerged writes');
}

export function openOptionsOf(flags: StoreFlags): OpenStoreOptions {
  return { storageOptions: flags.storageOption, allowUnmergedWal: flags.allowUnmergedWal };
}
