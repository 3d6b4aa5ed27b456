import { CuratorError } from '../../../src/core/errors';
import { OpenFileRequest, WriteFilesRequest } from '../../../src/protocol/messages';
import { button } from '../components/toolkit';
import { clickable, el, formatCount } from '../elements';
import { nothingToWrite } from './nothingToWrite';
import { describe, host, page, persist, setStatus } from './previewPage';

// Writing: the Write button, why it is disabled, and the write itself.
export const writeButton = button('Write files', () => void writeFiles(), { appearance: 'primary', id: 'write-files' });
export const writeReason = el('span', { class: 'muted write-reason', id: 'write-reason', role: 'status' });

/** Write is enabled only when what it would write is exactly what the counts show. */
export function updateWrite(): void {
  const { plan, countedOptions } = page;
  const reason = page.staleReason ?? (plan ? undefined : 'not counted yet');
  const nothing = reason === undefined && plan && countedOptions ? nothingToWrite(plan, countedOptions) : undefined;
  writeButton.disabled = reason !== undefined || nothing !== undefined;
  if (writeButton.disabled) writeButton.setAttribute('disabled', '');
  else writeButton.removeAttribute('disabled');
  writeReason.textContent = reason ? `Counts are stale: ${reason}` : nothing ? `Nothing to write: ${nothing}` : '';
}

async function writeFiles(): Promise<void> {
  const { plan, countedOptions, state } = page;
  // Only the options of the counts on screen are ever written, and only while they are current.
  if (page.staleReason || !plan || !countedOptions || countedOptions !== state.options || nothingToWrite(plan, countedOptions)) return;
  try {
    const countedExamples = plan.output.counts.examples + (plan.eval?.counts.examples ?? 0);
    const written = await host.request(WriteFilesRequest, { options: countedOptions, countedVersion: plan.store.version, countedRead: plan.store.read, countedExamples });
    if (written) {
      if (!page.state.formToggled && page.optionsDetails) {
        page.state.formOpen = false;
        page.optionsDetails.open = false;
        persist();
      }
      setStatus(
        `Wrote ${formatCount(written.examples)} ${written.examples === 1 ? 'example' : 'examples'}: `,
        ...written.files.flatMap((file, i) => [
          i ? ', ' : '',
          clickable(el('span', { class: 'link written-file' }, file), () => void host.request(OpenFileRequest, { path: file }).catch((error) => setStatus(el('span', { class: 'error-text', role: 'alert' }, describe(error)))), `open ${file}`),
        ]),
      );
    }
  } catch (error) {
    if (!CuratorError.is(error, 'cancelled')) setStatus(el('span', { class: 'error-text', role: 'alert' }, describe(error)));
  }
}
