import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultText, ExportOptions, OPTION_KEYS, OptionKey, optionSpec } from '../core';

/**
 * The curation flags of `export` and `preview`, derived from the options
 * table: names, value names, help, choices, defaults and how text becomes a
 * value. Nothing here decides whether a value is acceptable beyond its type:
 * the core's `resolveExportOptions` is the one door.
 */
export function addOptionFlags(command: Command, keys: readonly OptionKey[] = OPTION_KEYS): Command {
  for (const key of keys) command.addOption(flagOf(key));
  return command;
}

function flagOf(key: OptionKey): Option {
  const spec = optionSpec(key);
  const flag = new Option(`--${spec.flag}${spec.valueName ? ` ${spec.valueName}` : ''}`, helpOf(key));
  if (spec.kind === 'number') flag.argParser(numberText);
  else if (spec.kind === 'integer') flag.argParser(integerText);
  else if (spec.repeatable) flag.argParser((text: string, previous: string[] | undefined) => [...(previous ?? []), text]);
  return flag;
}

function helpOf(key: OptionKey): string {
  const spec = optionSpec(key);
  const choices = spec.kind === 'choice' && spec.choices ? ` (${spec.choices.map((c) => c.value).join('|')})` : '';
  const fallbackText = defaultText(key);
  const fallback = fallbackText === undefined ? '' : ` [default: ${fallbackText}]`;
  return `${spec.help}${spec.help.includes('|') ? '' : choices}${fallback}`;
}

/** The options object of the flags the user gave (unset flags stay unset: the core fills defaults). */
export function optionsOfFlags(flags: Record<string, unknown>, keys: readonly OptionKey[] = OPTION_KEYS): ExportOptions {
  const options: Record<string, unknown> = {};
  for (const key of keys) {
    const attribute = flagOf(key).attributeName();
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
