import { CuratorError } from '../errors';

/** The memory budget when none is given: 1 GiB. */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;

const UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 2 ** 10,
  m: 1e6,
  mb: 1e6,
  mib: 2 ** 20,
  g: 1e9,
  gb: 1e9,
  gib: 2 ** 30,
  t: 1e12,
  tb: 1e12,
  tib: 2 ** 40,
};

/**
 * Bytes of a size written as people write them: `512MiB`, `2GiB`, `1.5 GB`,
 * `800000000` (bytes). Binary units are powers of 1024, decimal ones of 1000.
 * `option` names the option a bad value belongs to.
 */
export function parseByteSize(text: string, option = 'memoryBudget'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase() || 'b'] : undefined;
  if (!match || unit === undefined) {
    throw new CuratorError('usage', `'${text}' is not a size: write a number with a unit, like 512MiB or 2GiB`, { option });
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1) throw new CuratorError('usage', `'${text}' is less than one byte`, { option });
  return bytes;
}

/** `1 GiB`, `512 MiB`, `3.5 KiB`: a byte count as the budget flags write it. */
export function formatByteSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
