import { ExportTask, PreferenceForm } from '../export/exportTasks';
import { Flavour } from './formatExample';
import { unpairedOpenAiRefusal } from '../options/optionError';

/**
 * Refuses a flavour/task/form combination no trainer of that flavour takes,
 * before anything is written: OpenAI has no unpaired form.
 *
 * @throws CuratorError (`usage`) naming "unpaired".
 */
export function assertFlavourSupports(flavour: Flavour, task: ExportTask, form: PreferenceForm | undefined): void {
  if (flavour === 'openai' && task === 'preference' && form === 'unpaired') throw unpairedOpenAiRefusal();
}
