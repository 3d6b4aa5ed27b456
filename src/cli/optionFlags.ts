import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultText, ExportOptions, isOptionKey, OPTION_KEYS, OptionKey, optionSpec, OptionSpec } from '../core';

/**
 * The curation flags of `export` and `preview`, derived from the options
 * table: names, value names, help, choices, defaults and how text becomes a
 * value. Nothing here decides whether a value is acceptable beyond its type:
 * the core's `resolveExportOptions` is the one door.
 */
export function addOptionFlags(command: Command, keys: readonly OptionKey[] = OPTION_KEYS): Command {
  for (const key of keys) command.addOption(commanderOption(optionSpec(key)));
  return command;
}

/** `--min-reward`: how the CLI names an option (the table's options by their flag, the command's own by their name). */
export function flagName(option: string): string {
  return `--${isOptionKey(option) ? optionSpec(option).flag : option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function commanderOption(spec: OptionSpec): Option {
  const option = new Option(`--${spec.flag}${spec.valueName ? ` ${spec.valueName}` : ''}`, helpOf(spec));
  if (spec.kind === 'number') option.argParser(numberText);
  else if (spec.kind === 'integer') option.argParser(integerText);
  else if (spec.repeatable) option.argParser((text: string, previous: string[] | undefined) => [...(previous ?? []), text]);
  return option;
}

function helpOf(spec: OptionSpec): string {
  const choices = spec.kind === 'choice' && spec.choices ? ` (${spec.choices.map((c) => c.value).join('|')})` : '';
  const fallbackText = defaultText(spec);
  const fallback = fallbackText === undefined ? '' : ` [default: ${fallbackText}]`;
  return `${spec.help}${spec.help.includes('|') ? '' : choices}${fallback}`;
}

/** The options object of the flags the user gave (unset flags stay unset: the core fills defaults). */
export function optionsOfFlags(flags: Record<string, unknown>, keys: readonly OptionKey[] = OPTION_KEYS): ExportOptions {
  const options: Record<string, unknown> = {};
  for (const key of keys) {
    const attribute = commanderOption(optionSpec(key)).attributeName();
    if (flags[attribute] !== undefined) options[key] = flags[attribute];
  }
  return options as ExportOptions;
}

export function numberText(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a number, got '${text}'`);
  return value;
}

export function integerText(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError(`expected a non-negative integer, got '${text}'`);
  return value;
}
