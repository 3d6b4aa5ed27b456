import type { PipelineProgress } from '../../../src/core';
import { CuratorError } from '../../../src/core/errors';
import { PIPELINE_STAGES } from '../../../src/core/pipeline/pipelineStages';
import { PlanRequest } from '../../../src/protocol/messages';
import { progressRing } from '../components/toolkit';
import { el, formatCount } from '../elements';
import { clearFieldError, showFieldError } from './fieldError';
import { describe, firstProblem, funnel, host, page, setStatus, status } from './previewPage';
import { updateWrite } from './writeFiles';

// Counting: the plan for the options on screen, asked for again (debounced) as they change,
// and whether the counts on screen are current.
let inflight: AbortController | undefined;
let debounce: ReturnType<typeof setTimeout> | undefined;
let render: () => void = () => undefined;

/** What to draw once a count arrives. */
export function onCounted(draw: () => void): void {
  render = draw;
}

/** The counts on screen no longer match the options (or the store): say why and disable Write. */
export function markStale(reason: string): void {
  page.staleReason = reason;
  funnel.classList.add('stale');
  funnel.dataset.stale = reason;
  updateWrite();
}

function markCurrent(): void {
  page.staleReason = undefined;
  funnel.classList.remove('stale');
  delete funnel.dataset.stale;
  updateWrite();
}

/** Drops a pending or running count (the options cannot be counted as they stand). */
export function cancelRecount(): void {
  if (debounce) clearTimeout(debounce);
  inflight?.abort();
}

export function scheduleRecount(): void {
  if (debounce) clearTimeout(debounce);
  debounce = setTimeout(recount, page.init?.debounceMs ?? 250);
}

export async function recount(): Promise<void> {
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  const ring = progressRing();
  setStatus(ring, ' Counting…');
  clearFieldError();
  status.dataset.state = 'counting';
  const options = page.state.options;
  try {
    const result = await host.request(PlanRequest, { options, limit: page.init?.sampleSize }, {
      signal: controller.signal,
      onProgress: (p) => {
        const progress = p as PipelineProgress;
        const amount = progress.done !== undefined ? ` ${formatCount(progress.done)}${progress.total ? ` / ${formatCount(progress.total)}` : ''}` : '';
        setStatus(ring, ` Counting… ${PIPELINE_STAGES[progress.stage].label}${amount}`);
      },
    });
    if (controller !== inflight) return;
    page.plan = result;
    page.countedOptions = options;
    if (options === page.state.options && !firstProblem()) markCurrent();
    status.dataset.state = 'ready';
    status.dataset.elapsed = String(Math.round(result.elapsedMs));
    setStatus(`Counted in ${Math.round(result.elapsedMs)} ms (read ${result.store.read ?? `version ${result.store.version}`})`);
    render();
  } catch (error) {
    if (controller !== inflight) return;
    if (CuratorError.is(error, 'cancelled')) return;
    status.dataset.state = 'error';
    markStale('the last recount failed');
    const field = showFieldError(error);
    setStatus(el('span', { class: 'error-text', role: 'alert' }, field ? `Cannot count: see ${field}` : describe(error)));
  } finally {
    if (controller === inflight) inflight = undefined;
  }
}
