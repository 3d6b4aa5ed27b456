import type { ExportOptions } from '../options/exportOptions';
import { OPTION_SPECS } from '../options/optionSpecs';

/**
 * The default file name of an export: the store, the task and (for
 * preference) the form, so exports of different shapes never overwrite each
 * other: `demo-sft.jsonl`, `demo-preference-paired.jsonl`.
 */
export function defaultOutputName(storeName: string, options: ExportOptions): string {
  const name = storeName.replace(/[\\/]+$/, '').replace(/\.lance$/, '');
  const task = options.task ?? OPTION_SPECS.task.default;
  const form = task === 'preference' ? `-${options.form ?? OPTION_SPECS.form.default}` : '';
  return `${name}-${task}${form}.jsonl`;
}
