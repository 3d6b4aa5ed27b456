import { ExportTask, PreferenceForm } from '../export/exportTasks';
import { optionError } from '../options/optionError';
import { refusalOf } from '../options/optionNeeds';
import { Flavour } from './formatExample';

/**
 * Refuses a flavour/task/form combination no trainer of that flavour takes,
 * before anything is written (OpenAI has no unpaired form): the format
 * option's needs in the options table, checked for these three alone.
 *
 * @throws CuratorError (`usage`) naming "unpaired".
 */
export function assertFlavourSupports(flavour: Flavour, task: ExportTask, form: PreferenceForm | undefined): void {
  const refusal = refusalOf('format', { format: flavour, task, form });
  if (refusal) throw optionError(refusal.option, refusal.message);
}
