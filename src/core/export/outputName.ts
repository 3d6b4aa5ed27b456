import type { ExportOptions } from '../options/exportOptions';
import { OPTION_SPECS } from '../options/optionSpecs';

/**
 * The default file name of an export: the store, the task, (for
 * preference) the form and (for trainer formats) the format, so exports of
 * different shapes never overwrite each other: `demo-sft.jsonl`,
 * `demo-preference-paired.jsonl`, `demo-preference-paired.trl.jsonl`.
 */
export function defaultOutputName(storeName: string, options: ExportOptions): string {
  const name = storeName.replace(/[\\/]+$/, '').replace(/\.lance$/, '');
  const task = options.task ?? OPTION_SPECS.task.default;
  const form = task === 'preference' ? `-${options.form ?? OPTION_SPECS.form.default}` : '';
  const format = options.format ?? OPTION_SPECS.format.default;
  return `${name}-${task}${form}${format === 'native' ? '' : `.${format}`}.jsonl`;
}
