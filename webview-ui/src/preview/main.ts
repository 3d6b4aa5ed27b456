import type { ExportOptions, PipelineProgress } from '../../../src/core';
import {
  GroupRequest,
  PickHoldoutRequest,
  PlanRequest,
  PlanView,
  PreviewInit,
  PreviewInitNotification,
  PreviewReady,
  RecordRequest,
  WriteFilesRequest,
} from '../../../src/protocol/messages';
import { RemoteError } from '../../../src/protocol/rpc';
import { disposeDetachedCharts } from '../charts';
import { button, progressRing, registerToolkit, tabs } from '../components/toolkit';
import { el, formatCount, replaceChildren } from '../elements';
import { statsCharts, summaryFigures } from '../statsCharts';
import { connectToHost } from '../webviewChannel';
import { examplesView } from './examplesView';
import { excludedView } from './excludedView';
import { funnelView, sizeFunnelBars } from './funnel';
import { groupDetailView, groupsList } from './groupsView';
import { optionsForm } from './optionsForm';
import { loadState, PreviewState, saveState, TabId } from './previewState';
import { recordDetail } from './recordView';

registerToolkit();
const host = connectToHost();
const app = document.getElementById('app')!;
let state: PreviewState = loadState();
let init: PreviewInit | undefined;
let lastInitOptions = '';
let plan: PlanView | undefined;
let inflight: AbortController | undefined;
let debounce: ReturnType<typeof setTimeout> | undefined;

const status = el('div', { class: 'status', role: 'status', id: 'status' });
const funnel = el('div', { id: 'funnel' });
const warnings = el('div', { id: 'warnings' });
const examplesPane = el('div', { id: 'examples-pane' });
const groupsPane = el('div', { id: 'groups-pane' });
const excludedPane = el('div', { id: 'excluded-pane' });
const chartsPane = el('div', { id: 'charts-pane' });
const recordPane = el('div', { id: 'record-pane' });

const STAGE_STAGE_NAMES: Record<string, string> = {
  scan: 'reading records',
  listing: 'listing',
  lifecycle: 'lifecycle',
  reward_threshold: 'reward filter',
  dedup: 'dedup',
  decontaminate: 'decontamination',
  group: 'grouping',
  write: 'building examples',
};

function persist(): void {
  saveState(state);
}

function setStatus(...children: (Node | string)[]): void {
  replaceChildren(status, ...children);
}

function layout(): void {
  if (!init) return;
  const tabBar = tabs(
    [
      { id: 'examples', label: 'Examples', content: examplesPane },
      { id: 'groups', label: 'Groups', content: groupsPane },
      { id: 'excluded', label: 'Excluded', content: el('div', null, recordPane, excludedPane) },
      { id: 'charts', label: 'Charts', content: chartsPane },
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
    onChange: (options) => {
      state.options = options;
      state.openGroup = undefined;
      persist();
      scheduleRecount();
    },
    onPickHoldout: () => host.request(PickHoldoutRequest, {}),
  });
  const details = el('details', { class: 'options-details' }, el('summary', null, 'Options'), form);
  details.open = state.formOpen;
  details.addEventListener('toggle', () => {
    state.formOpen = details.open;
    persist();
  });
  replaceChildren(
    app,
    el(
      'header',
      { class: 'header' },
      el('h1', null, 'Export Preview — ', init.store.name),
      el('span', { class: 'muted store-uri' }, init.store.uri),
      el('span', { class: 'spacer' }),
      button('Write files', writeFiles, { appearance: 'primary', id: 'write-files' }),
    ),
    status,
    details,
    funnel,
    warnings,
    tabBar.node,
  );
}

let selectTab: (id: string) => void = () => undefined;

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
  status.dataset.state = 'counting';
  try {
    const result = await host.request(PlanRequest, { options: state.options }, {
      signal: controller.signal,
      onProgress: (p) => {
        const progress = p as PipelineProgress;
        const amount = progress.done !== undefined ? ` ${formatCount(progress.done)}${progress.total ? ` / ${formatCount(progress.total)}` : ''}` : '';
        setStatus(ring, ` Counting… ${STAGE_STAGE_NAMES[progress.stage] ?? progress.stage}${amount}`);
      },
    });
    if (controller !== inflight) return;
    plan = result;
    status.dataset.state = 'ready';
    status.dataset.elapsed = String(Math.round(result.elapsedMs));
    setStatus(`Counted in ${Math.round(result.elapsedMs)} ms (version ${result.store.version})`);
    renderPlan();
  } catch (error) {
    if (controller !== inflight) return;
    if (error instanceof RemoteError && error.cancelled) return;
    status.dataset.state = 'error';
    setStatus(el('span', { class: 'error-text', role: 'alert' }, (error as Error).message));
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
  replaceChildren(warnings, ...current.warnings.map((w) => el('p', { class: 'warning', role: 'alert' }, w)));
  renderTab();
  window.scrollTo(0, state.scrollY);
}

function renderTab(): void {
  if (!plan) return;
  const current = plan;
  const outputs = current.eval ? [current.output, current.eval] : [current.output];
  switch (state.tab) {
    case 'examples':
      replaceChildren(
        examplesPane,
        ...outputs.map((output) =>
          el('section', null, outputs.length > 1 ? el('h2', null, `${output.side} side`) : null, examplesView(output, (key) => openGroup(key, output.side))),
        ),
      );
      break;
    case 'groups':
      if (state.openGroup) void showGroup(state.openGroup.key, state.openGroup.side);
      else renderGroupList();
      break;
    case 'excluded':
      replaceChildren(excludedPane, excludedView(current, showRecord));
      break;
    case 'charts': {
      const split = current.eval ? { train: current.output.counts.examples, eval: current.eval.counts.examples } : undefined;
      replaceChildren(
        chartsPane,
        summaryFigures(current.output.stats, current.eval ? [{ label: 'eval examples', value: formatCount(current.eval.counts.examples) }] : []),
        statsCharts(current.output.stats, current.output.charts, split),
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
      renderGroupList();
      if (next.query) document.getElementById('group-search')?.focus();
    }, openGroup),
  );
}

function openGroup(key: string, side: 'all' | 'train' | 'eval'): void {
  state.openGroup = { key, side };
  state.tab = 'groups';
  persist();
  selectTab('groups');
  void showGroup(key, side);
}

async function showGroup(key: string, side: 'all' | 'train' | 'eval'): Promise<void> {
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

async function showRecord(id: string): Promise<void> {
  replaceChildren(recordPane, progressRing());
  try {
    const record = await host.request(RecordRequest, { id, version: state.options.version });
    replaceChildren(
      recordPane,
      record
        ? el('section', { class: 'record-panel', aria: { label: `record ${id}` } }, el('header', { class: 'toolbar' }, el('h3', null, `Record ${id}`), button('Close', () => replaceChildren(recordPane), { appearance: 'secondary' })), recordDetail(record))
        : el('p', { class: 'muted' }, `Record ${id} not found.`),
    );
    recordPane.scrollIntoView();
  } catch (error) {
    replaceChildren(recordPane, el('p', { class: 'error-text' }, (error as Error).message));
  }
}

async function writeFiles(): Promise<void> {
  try {
    const written = await host.request(WriteFilesRequest, { options: state.options });
    if (written) setStatus(`Wrote ${formatCount(written.examples)} examples: `, written.files.join(', '));
  } catch (error) {
    if (!(error instanceof RemoteError && error.cancelled)) setStatus(el('span', { class: 'error-text', role: 'alert' }, (error as Error).message));
  }
}

host.onNotification(PreviewInitNotification, (params) => {
  const next = params as PreviewInit;
  const optionsText = JSON.stringify(next.options);
  const first = init === undefined;
  if (state.store !== next.store.uri) {
    state = { ...state, store: next.store.uri, options: next.options, openGroup: undefined, groupPage: 0, groupQuery: '' };
  } else if (!first && optionsText !== lastInitOptions) {
    state.options = next.options;
  } else if (first && Object.keys(state.options).length === 0) {
    state.options = next.options;
  }
  lastInitOptions = optionsText;
  init = next;
  persist();
  layout();
  void recount();
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
