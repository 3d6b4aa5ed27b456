import type { OutputSide, PipelineProgress } from '../../../src/core';
import { CuratorError } from '../../../src/core/errors';
import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { optionSpec, OptionKey } from '../../../src/core/options/optionSpecs';
import { labelledMessage } from '../../../src/core/options/labelledMessage';
import { PIPELINE_STAGES } from '../../../src/core/pipeline/pipelineStages';
import {
  GroupRequest,
  GroupSearchRequest,
  GroupTextRequest,
  OpenFileRequest,
  PickHoldoutRequest,
  PlanRequest,
  PlanView,
  PreviewInit,
  PreviewInitNotification,
  PreviewReady,
  RecordRequest,
  WriteFilesRequest,
} from '../../../src/protocol/messages';
import { disposeDetachedCharts } from '../charts';
import { button, progressRing, registerToolkit, tabs } from '../components/toolkit';
import { clickable, el, formatCount, replaceChildren } from '../elements';
import { statsCharts, summaryFigures } from '../statsCharts';
import { connectToHost } from '../webviewChannel';
import { examplesPane } from './examplesPane';
import { excludedView } from './excludedView';
import { funnelView, sizeFunnelBars, summarizeCounts } from './funnel';
import { groupDetailView, groupsList } from './groupsView';
import { OptionProblems, optionsForm } from './optionsForm';
import { nothingToWrite } from './nothingToWrite';
import { clearFieldError, showFieldError } from './fieldError';
import { loadState, PreviewState, saveState, TabId } from './previewState';
import { recordDetail } from './recordView';
import { reviewMode } from '../review/reviewMode';

registerToolkit();
const host = connectToHost();
const app = document.getElementById('app')!;
let state: PreviewState = loadState();
let init: PreviewInit | undefined;
let lastInitOptions = '';
let plan: PlanView | undefined;
/** The exact options object the counts on screen were made from. */
let countedOptions: ExportOptions | undefined;
let inflight: AbortController | undefined;
let debounce: ReturnType<typeof setTimeout> | undefined;
let problems: OptionProblems = {};
let optionsDetails: HTMLDetailsElement | undefined;
/** Why the counts on screen may not be what Write would write; undefined when they are current. */
let staleReason: string | undefined = 'not counted yet';
const writeButton = button('Write files', () => void writeFiles(), { appearance: 'primary', id: 'write-files' });
const writeReason = el('span', { class: 'muted write-reason', id: 'write-reason', role: 'status' });
const countsSummary = el('span', { class: 'counts-summary', id: 'counts-summary' });

const status = el('div', { class: 'status', role: 'status', id: 'status' });
const funnel = el('div', { id: 'funnel' });
const warnings = el('div', { id: 'warnings' });
const examplesTab = el('div', { id: 'examples-pane' });
const groupsPane = el('div', { id: 'groups-pane' });
const excludedPane = el('div', { id: 'excluded-pane' });
const chartsPane = el('div', { id: 'charts-pane' });
const review = reviewMode({
  host,
  options: () => state.options,
  onSaved: (labels, labelsVersion) => {
    // What is on screen (and what Write writes) is the labels dataset at the version just committed.
    state.options = { ...state.options, labels, labelsVersion };
    persist();
    layout();
    markStale('recount pending');
    void recount();
  },
  linesOf: async (key) => (await host.request(GroupRequest, { options: state.options, key, side: 'all' }))?.examples ?? [],
  recentReasons: () => state.recentReasons ?? [],
  saveReasons: (reasons) => ((state.recentReasons = reasons), persist()),
});

function persist(): void {
  saveState(state);
}

function setStatus(...children: (Node | string)[]): void {
  replaceChildren(status, ...children);
}

function layout(): void {
  if (!init) return;
  const reviewFocused = review.node.contains(document.activeElement);
  const tabBar = tabs(
    [
      { id: 'examples', label: 'Examples', content: examplesTab },
      { id: 'groups', label: 'Groups', content: groupsPane },
      { id: 'excluded', label: 'Excluded', content: el('div', null, excludedPane) },
      { id: 'charts', label: 'Charts', content: chartsPane },
      { id: 'review', label: 'Review', content: review.node },
    ],
    state.tab,
    (id) => {
      state.tab = id as TabId;
      persist();
      renderTab();
    },
  );
  selectTab = tabBar.select;
  const form = optionsForm(state.options, {
    versions: init.versions,
    hasEmbeddings: init.store.embeddingDim !== null,
    baseDir: init.baseDir,
    onChange: (options, found) => {
      state.options = options;
      state.openGroup = undefined;
      problems = found;
      persist();
      const first = firstProblem();
      if (first) {
        if (debounce) clearTimeout(debounce);
        inflight?.abort();
        markStale(`fix ${first}`);
        return;
      }
      markStale('recount pending');
      scheduleRecount();
    },
    onPickHoldout: () => host.request(PickHoldoutRequest, {}),
  });
  problems = form.problems();
  keepRecord = form.keep;
  const details = el('details', { class: 'options-details', id: 'options-details' }, el('summary', null, 'Options'), form.node);
  // Options collapse once set (a write made with them), unless the user opened or closed them by hand.
  details.open = state.formOpen;
  details.addEventListener('toggle', () => {
    if (details.open === state.formOpen) return;
    state.formOpen = details.open;
    state.formToggled = true;
    persist();
  });
  optionsDetails = details;
  replaceChildren(
    app,
    el(
      'header',
      { class: 'header' },
      el('h1', null, 'Export Preview — ', init.store.name),
      el('span', { class: 'muted store-uri' }, init.store.uri),
      el('span', { class: 'spacer' }),
      countsSummary,
      writeReason,
      writeButton,
    ),
    status,
    details,
    funnel,
    warnings,
    tabBar.node,
  );
  if (reviewFocused) review.focus();
}

let selectTab: (id: string) => void = () => undefined;
/** "Keep this one instead" from the Excluded tab: the form owns the options, so it adds the id. */
let keepRecord: (id: string) => void = () => undefined;

/** The first option problem, as "<Label>: <message>", or undefined when every option is valid. */
function firstProblem(): string | undefined {
  const entry = Object.entries(problems).find(([, message]) => message);
  if (!entry) return undefined;
  const [key, message] = entry;
  if (key === 'options') return message;
  const label = optionSpec(key as OptionKey).label;
  // Messages that already name their field ("Filter JSON is not valid JSON") are not prefixed again.
  return message.toLowerCase().startsWith(label.split(' ')[0].toLowerCase()) ? message : `${label}: ${message}`;
}

/** The counts on screen no longer match the options (or the store): say why and disable Write. */
function markStale(reason: string): void {
  staleReason = reason;
  funnel.classList.add('stale');
  funnel.dataset.stale = reason;
  updateWrite();
}

function markCurrent(): void {
  staleReason = undefined;
  funnel.classList.remove('stale');
  delete funnel.dataset.stale;
  updateWrite();
}

/** Write is enabled only when what it would write is exactly what the counts show. */
function updateWrite(): void {
  const reason = staleReason ?? (plan ? undefined : 'not counted yet');
  const nothing = reason === undefined && plan && countedOptions ? nothingToWrite(plan, countedOptions) : undefined;
  writeButton.disabled = reason !== undefined || nothing !== undefined;
  if (writeButton.disabled) writeButton.setAttribute('disabled', '');
  else writeButton.removeAttribute('disabled');
  writeReason.textContent = reason ? `Counts are stale: ${reason}` : nothing ? `Nothing to write: ${nothing}` : '';
}

function scheduleRecount(): void {
  if (debounce) clearTimeout(debounce);
  debounce = setTimeout(recount, init?.debounceMs ?? 250);
}

async function recount(): Promise<void> {
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  const ring = progressRing();
  setStatus(ring, ' Counting…');
  clearFieldError();
  status.dataset.state = 'counting';
  const options = state.options;
  try {
    const result = await host.request(PlanRequest, { options, limit: init?.sampleSize }, {
      signal: controller.signal,
      onProgress: (p) => {
        const progress = p as PipelineProgress;
        const amount = progress.done !== undefined ? ` ${formatCount(progress.done)}${progress.total ? ` / ${formatCount(progress.total)}` : ''}` : '';
        setStatus(ring, ` Counting… ${PIPELINE_STAGES[progress.stage].label}${amount}`);
      },
    });
    if (controller !== inflight) return;
    plan = result;
    countedOptions = options;
    if (options === state.options && !firstProblem()) markCurrent();
    status.dataset.state = 'ready';
    status.dataset.elapsed = String(Math.round(result.elapsedMs));
    setStatus(`Counted in ${Math.round(result.elapsedMs)} ms (read ${result.store.read ?? `version ${result.store.version}`})`);
    renderPlan();
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

function renderPlan(): void {
  if (!plan) return;
  const current = plan;
  replaceChildren(funnel, funnelView(current, (stage) => {
    state.tab = stage === 'examples' ? 'examples' : 'excluded';
    persist();
    selectTab(state.tab);
    renderTab();
    if (stage !== 'examples') document.getElementById(`excluded-${stage === 'input' ? 'listing' : stage}`)?.scrollIntoView();
  }));
  sizeFunnelBars(funnel);
  countsSummary.textContent = summarizeCounts(current);
  replaceChildren(warnings, ...current.warnings.map((w) => el('p', { class: 'warning', role: 'alert' }, w)));
  renderTab();
  window.scrollTo(0, state.scrollY);
}

function renderTab(): void {
  if (!plan) return;
  const current = plan;
  switch (state.tab) {
    case 'review':
      review.show();
      break;
    case 'examples':
      replaceChildren(
        examplesTab,
        ...examplesPane(current, {
          host,
          options: countedOptions ?? state.options,
          queries: state.listQueries ?? {},
          onQuery: (side, query) => {
            state.listQueries = { ...state.listQueries, [side]: query };
            persist();
          },
          onOpenGroup: openGroup,
        }),
      );
      break;
    case 'groups':
      if (state.openGroup) void showGroup(state.openGroup.key, state.openGroup.side);
      else renderGroupList();
      break;
    case 'excluded': {
      // Group texts are asked for under the options the clusters on screen were counted with.
      const counted = countedOptions ?? state.options;
      replaceChildren(
        excludedPane,
        excludedView(current, {
          onRecord: (id, slot) => void showRecord(id, slot),
          onKeep: (id) => keepRecord(id),
          textOf: async (id) => (await host.request(RecordRequest, { id, version: state.options.version }))?.text_payload ?? undefined,
          groupTextOf: async (stage, key) => (await host.request(GroupTextRequest, { options: counted, stage, key })) ?? undefined,
          collapsed: new Set(state.collapsedStages ?? []),
          onToggle: (stage, open) => {
            const collapsed = new Set(state.collapsedStages ?? []);
            if (open) collapsed.delete(stage);
            else collapsed.add(stage);
            state.collapsedStages = [...collapsed];
            persist();
          },
        }),
      );
      break;
    }
    case 'charts': {
      const split = current.eval ? { train: current.output.counts.examples, eval: current.eval.counts.examples } : undefined;
      replaceChildren(
        chartsPane,
        summaryFigures(current.output.stats, current.eval ? [{ label: 'eval examples', value: formatCount(current.eval.counts.examples) }] : []),
        current.eval ? el('p', { class: 'muted' }, 'Charts of the train side; the split chart compares both sides.') : null,
        statsCharts(current.output.stats, current.output.charts, split, { side: current.eval ? 'train' : undefined, minReward: countedOptions?.minReward }),
      );
      break;
    }
  }
  disposeDetachedCharts();
}

function renderGroupList(): void {
  if (!plan) return;
  const outputs = plan.eval ? [plan.output, plan.eval] : [plan.output];
  replaceChildren(
    groupsPane,
    groupsList(outputs, { page: state.groupPage, query: state.groupQuery }, (next) => {
      state.groupPage = next.page;
      state.groupQuery = next.query;
      persist();
    }, openGroup, async (query) => {
      const options = countedOptions ?? state.options;
      const found = await Promise.all(outputs.map(async (o) => (await host.request(GroupSearchRequest, { options, side: o.side, query })).matches.map((m) => ({ key: m.key, side: o.side }))));
      return found.flat();
    }),
  );
}

function openGroup(key: string, side: OutputSide): void {
  state.openGroup = { key, side };
  state.tab = 'groups';
  persist();
  selectTab('groups');
  void showGroup(key, side);
}

async function showGroup(key: string, side: OutputSide): Promise<void> {
  replaceChildren(groupsPane, progressRing(), ` Loading group ${key}…`);
  try {
    const detail = await host.request(GroupRequest, { options: state.options, key, side });
    if (!detail) {
      replaceChildren(groupsPane, el('p', { class: 'muted' }, `Group ${key} is not in the current output.`));
      return;
    }
    replaceChildren(groupsPane, groupDetailView(detail, () => {
      state.openGroup = undefined;
      persist();
      renderGroupList();
    }));
  } catch (error) {
    replaceChildren(groupsPane, el('p', { class: 'error-text', role: 'alert' }, (error as Error).message));
  }
}

/** Shows a record's detail in place (under its row); Close puts focus back on the row's link. */
async function showRecord(id: string, slot: HTMLElement): Promise<void> {
  const opener = document.activeElement as HTMLElement | null;
  replaceChildren(slot, progressRing());
  try {
    const record = await host.request(RecordRequest, { id, version: state.options.version });
    const close = () => {
      replaceChildren(slot);
      opener?.focus();
    };
    replaceChildren(
      slot,
      record
        ? el('section', { class: 'record-panel', aria: { label: `record ${id}` } }, el('header', { class: 'toolbar' }, el('h3', null, `Record ${id}`), button('Close', close, { appearance: 'secondary' })), recordDetail(record))
        : el('p', { class: 'muted' }, `Record ${id} not found.`),
    );
  } catch (error) {
    replaceChildren(slot, el('p', { class: 'error-text' }, describe(error)));
  }
}

/** An error for the status line: an option's problem is named by its label, as next to its control. */
function describe(error: unknown): string {
  return labelledMessage(error);
}

async function writeFiles(): Promise<void> {
  // Only the options of the counts on screen are ever written, and only while they are current.
  if (staleReason || !plan || !countedOptions || countedOptions !== state.options || nothingToWrite(plan, countedOptions)) return;
  try {
    const countedExamples = plan.output.counts.examples + (plan.eval?.counts.examples ?? 0);
    const written = await host.request(WriteFilesRequest, { options: countedOptions, countedVersion: plan.store.version, countedRead: plan.store.read, countedExamples });
    if (written) {
      if (!state.formToggled && optionsDetails) {
        state.formOpen = false;
        optionsDetails.open = false;
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

host.onNotification(PreviewInitNotification, (next) => {
  const optionsText = JSON.stringify(next.options);
  const first = init === undefined;
  if (state.store !== next.store.uri) {
    state = { ...state, store: next.store.uri, options: next.options, openGroup: undefined, groupPage: 0, groupQuery: '' };
  } else if (!first && optionsText !== lastInitOptions) {
    state.options = next.options;
  } else if (first && (Object.keys(state.options).length === 0 || (state.hostOptions !== undefined && optionsText !== state.hostOptions))) {
    // A rebuilt webview keeps its own options unless the host has sent different ones since
    // (a version clicked in the tree while the panel was hidden).
    state.options = next.options;
  }
  state.hostOptions = optionsText;
  const moved = init !== undefined && (JSON.stringify(init.versions) !== JSON.stringify(next.versions) || init.readSummary !== next.readSummary);
  lastInitOptions = optionsText;
  init = next;
  persist();
  layout();
  markStale(moved ? 'the store moved since the counts were made' : 'recount pending');
  if (firstProblem()) markStale(`fix ${firstProblem()}`);
  else void recount();
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  if (scrollTimer) clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    state.scrollY = window.scrollY;
    persist();
  }, 200);
});

setStatus('Waiting for the store…');
host.notify(PreviewReady, {});

export type { ExportOptions };
